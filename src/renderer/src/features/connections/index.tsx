import type { Feature } from '../feature'
import { navIcon } from '../feature'
import { ConnectionsScreen } from './ConnectionsScreen'

export { ConnectionsScreen } from './ConnectionsScreen'

export const feature: Feature = {
  id: 'connection',
  title: 'Connection',
  order: 100,
  icon: navIcon(
    <>
      <ellipse cx="12" cy="5.5" rx="7.5" ry="2.5" />
      <path d="M4.5 5.5v13c0 1.4 3.4 2.5 7.5 2.5s7.5-1.1 7.5-2.5v-13M4.5 12c0 1.4 3.4 2.5 7.5 2.5s7.5-1.1 7.5-2.5" />
    </>,
  ),
  Screen: ConnectionsScreen,
}
