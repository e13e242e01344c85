/** A user's roles with these added (those already held kept once, in their place). */
export const withRoles = (roleIds: readonly string[], added: readonly string[]): string[] => [...new Set([...roleIds, ...added])]

/** A user's roles without these. */
export const withoutRoles = (roleIds: readonly string[], removed: readonly string[]): string[] => roleIds.filter((id) => !removed.includes(id))
