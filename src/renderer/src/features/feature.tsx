import type { ComponentType, ReactNode } from 'react'
import { Grid } from '../grid/Grid'
import type { GridResource } from '../grid/resource'
import type { ResourceTypes } from '../grid/resourceTypes'
import { SchemaNotice } from '../shell/SchemaNotice'

/** One screen of the app as the registry lists it: the sidebar, navigation and the shell derive from it. */
export interface Feature {
  /** The screen's name; a resource's screen is named after the resource. */
  id: string
  /** The sidebar label. */
  title: string
  /** Where the sidebar lists it: lower first; the first is where the app opens. */
  order: number
  icon: ReactNode
  Screen: ComponentType
}

/** An icon for the sidebar, drawn on a 24×24 grid with the current text colour. */
export const navIcon = (paths: ReactNode) => (
  <svg className="nav-icon" viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round">
    {paths}
  </svg>
)

/** A resource's grid screen, with the notice that says why its rows cannot be changed, when they cannot. */
export function gridFeature<T extends ResourceTypes, Lookup>(
  resource: GridResource<T, Lookup>,
  { order, icon }: Pick<Feature, 'order' | 'icon'>,
): Feature {
  function Screen() {
    return (
      <>
        <SchemaNotice />
        <Grid resource={resource} />
      </>
    )
  }
  return { id: resource.name, title: resource.title, order, icon, Screen }
}
