/**
 * The names of every API method. Kept apart from the schemas so the preload, which must stay
 * a tiny single file, can expose exactly these and nothing else.
 */
export const methodNames = [
  'database.status',
  'database.migrate',
  'agencies.list',
  'agencies.count',
  'agencies.save',
  'users.list',
  'users.count',
  'users.save',
  'roles.list',
  'roles.count',
  'roles.save',
  'cache.status',
  'connections.list',
  'connections.current',
  'connections.save',
  'connections.remove',
  'connections.test',
  'connections.open',
] as const

export type MethodName = (typeof methodNames)[number]

/** The IPC channel a method travels on. */
export const channelOf = (method: MethodName) => `roster:${method}` as const
