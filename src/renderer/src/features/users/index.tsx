import { gridFeature, navIcon } from '../feature'
import { usersResource } from './resource'

export const feature = gridFeature(usersResource, {
  order: 1,
  icon: navIcon(
    <>
      <circle cx="9" cy="8" r="3.5" />
      <path d="M2.5 20c.8-3.6 3.4-5.5 6.5-5.5s5.7 1.9 6.5 5.5" />
      <path d="M16 4.8a3.5 3.5 0 0 1 0 6.4M18.5 14.8c1.6.8 2.6 2.5 3 5.2" />
    </>,
  ),
})
