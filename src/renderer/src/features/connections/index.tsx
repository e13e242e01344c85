export { ConnectionsScreen } from './ConnectionsScreen'
