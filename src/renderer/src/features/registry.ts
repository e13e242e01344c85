import type { Feature } from './feature'

// Each feature folder's index exports its `feature`; found when the renderer is built, so a new
// screen is its folder alone, not one more line in a hand-kept list.
const featureModules = import.meta.glob<{ feature: Feature }>('./*/index.tsx', { eager: true })

/** Every screen of the app, in sidebar order; the first is where the app opens. The sidebar, navigation and the shell derive from it. */
export const features: readonly Feature[] = Object.values(featureModules)
  .map((module) => module.feature)
  .sort((a, b) => a.order - b.order)

export type ScreenId = Feature['id']

export const homeScreen: ScreenId = features[0]!.id

export const featureOf = (id: ScreenId): Feature => features.find((feature) => feature.id === id) ?? features[0]!
