import type { DatabaseTarget } from './client'

/**
 * Why saves are refused on a read-only connection (its switch, or `--read-only`), or null when
 * the target may be written. Its sessions refuse writes too (default_transaction_read_only), but
 * Roster refuses first, so nothing is sent.
 */
export function readOnlyRefusal(target: DatabaseTarget | null): string | null {
  if (target?.kind !== 'postgres' || !target.readOnly) return null
  return 'This connection is read-only: Roster saves nothing to it. To make changes, open it with “Read-only” turned off (Connection screen → Edit → Advanced).'
}
