import { agenciesFeature } from './agencies'
import { connectionsFeature } from './connections'
import type { Feature } from './feature'
import { rolesFeature } from './roles'
import { usersFeature } from './users'

/**
 * Every screen of the app, in sidebar order; the first is where the app opens. The sidebar,
 * navigation and the shell's screens are derived from this list: a new resource is one line here.
 */
export const features = [usersFeature, agenciesFeature, rolesFeature, connectionsFeature] as const

export type ScreenId = (typeof features)[number]['id']

export const homeScreen: ScreenId = features[0].id

export const featureOf = (id: ScreenId): Feature<ScreenId> => features.find((feature) => feature.id === id) ?? features[0]
