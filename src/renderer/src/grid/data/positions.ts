/**
 * A list's `offset` is counted on the server's own total, which on a large table is the planner's
 * estimate: near the start it is an exact OFFSET, near the end a distance back from the last row.
 * Once the exact count is known, a position in the second half is sent as the same distance from
 * the end, so the last rows stay the last rows whatever the estimate was.
 */
export function serverOffset(position: number, listTotal: number, exactTotal: number | undefined): number {
  if (exactTotal === undefined || exactTotal === listTotal || position < exactTotal / 2) return position
  return Math.max(0, listTotal - (exactTotal - position))
}
