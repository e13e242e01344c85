import { features } from '../features/registry'
import { useNavigation } from './navigation'

export function Sidebar() {
  const { screen, navigate } = useNavigation()
  return (
    <nav className="sidebar" aria-label="Screens">
      <div className="sidebar-brand">
        <span className="brand-mark" aria-hidden="true">R</span>
        Roster
      </div>
      <ul className="nav-list">
        {features.map((feature) => (
          <li key={feature.id}>
            <button
              type="button"
              className="nav-item"
              aria-current={screen === feature.id ? 'page' : undefined}
              onClick={() => navigate(feature.id)}
            >
              {feature.icon}
              {feature.title}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  )
}
