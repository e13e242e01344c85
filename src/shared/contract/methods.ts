import { pickedResources, resourceNames, type PickedResource, type ResourceName } from '../schemas/resources'

/** What the API does with every resource: read a page, count the rows a query matches, save a batch. */
export const resourceActions = ['list', 'count', 'save'] as const
export type ResourceAction = (typeof resourceActions)[number]

/** `users.list`, `roles.save`, …: one method per resource and action. */
export type ResourceMethodName<Name extends ResourceName = ResourceName, Action extends ResourceAction = ResourceAction> = `${Name}.${Action}`
export const resourceMethod = <Name extends ResourceName, Action extends ResourceAction>(name: Name, action: Action): ResourceMethodName<Name, Action> =>
  `${name}.${action}`

/** `agencies.choices`, `roles.choices`: the names a picker offers. */
export type ChoicesMethodName<Name extends PickedResource = PickedResource> = `${Name}.choices`
export const choicesMethod = <Name extends PickedResource>(name: Name): ChoicesMethodName<Name> => `${name}.choices`

/**
 * The names of every API method: the resources' methods derived from their one list of names.
 * Kept apart from the schemas so the preload, which must stay a tiny single file, can expose
 * exactly these and nothing else.
 */
export const methodNames = [
  'database.status',
  'database.migrate',
  ...resourceNames.flatMap((name) => resourceActions.map((action) => resourceMethod(name, action))),
  ...pickedResources.map(choicesMethod),
  'cache.status',
  'connections.list',
  'connections.current',
  'connections.save',
  'connections.remove',
  'connections.test',
  'connections.sshHostKey',
  'connections.open',
  'imports.pickFile',
  'imports.discard',
  'imports.preview',
  'imports.check',
  'imports.apply',
  'imports.progress',
  'imports.cancel',
  'exports.start',
  'exports.progress',
  'exports.cancel',
] as const

export type MethodName = (typeof methodNames)[number]

/** The IPC channel a method travels on. */
export const channelOf = (method: MethodName) => `roster:${method}` as const
