import { agenciesResource } from './agencies'
import type { ResourceDefinition } from './resource'
import { rolesResource } from './roles'
import { usersResource } from './users'

/**
 * The resources Roster edits: the one list of their names. Every `<name>.list/.count/.save` API
 * method, its handlers and its cache wiring are derived from it; the preload, which must stay a
 * tiny file, reads this list alone (its bundle keeps none of the rules below: see the test
 * test/e2e/bundle-contents.test.ts).
 */
export const resourceNames = ['agencies', 'users', 'roles'] as const
export type ResourceName = (typeof resourceNames)[number]

/** The resources other rows point to, picked by name (a user's agency and roles): each has `<name>.choices`. */
export const pickedResources = ['agencies', 'roles'] as const satisfies readonly ResourceName[]
export type PickedResource = (typeof pickedResources)[number]

/** Each resource's definition, by name: a name without one (or one without a name) does not compile. */
export const resources = {
  agencies: agenciesResource,
  users: usersResource,
  roles: rolesResource,
} satisfies { [Name in ResourceName]: ResourceDefinition<Name> }
export type Resources = typeof resources

/** What a resource's list pages show, itself first: a save to any of them makes those pages stale. */
export const pagesShow = (name: ResourceName): readonly ResourceName[] => [name, ...resources[name].shows]
