import type { ReactNode } from 'react'
import { useNavigation, type Screen } from './navigation'

const icon = (path: ReactNode) => (
  <svg className="nav-icon" viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round">
    {path}
  </svg>
)

const items: { screen: Screen; label: string; icon: ReactNode }[] = [
  {
    screen: 'users',
    label: 'Users',
    icon: icon(
      <>
        <circle cx="9" cy="8" r="3.5" />
        <path d="M2.5 20c.8-3.6 3.4-5.5 6.5-5.5s5.7 1.9 6.5 5.5" />
        <path d="M16 4.8a3.5 3.5 0 0 1 0 6.4M18.5 14.8c1.6.8 2.6 2.5 3 5.2" />
      </>,
    ),
  },
  {
    screen: 'agencies',
    label: 'Agencies',
    icon: icon(
      <>
        <path d="M4 21V5.5L12 3v18M12 8.5l8 2.5v10" />
        <path d="M7.5 8h1M7.5 12h1M7.5 16h1M15.5 13.5h1M15.5 17h1M2.5 21h19" />
      </>,
    ),
  },
  {
    screen: 'roles',
    label: 'Roles',
    icon: icon(
      <>
        <path d="M12 3l7 3v5c0 4.5-3 8.3-7 10-4-1.7-7-5.5-7-10V6z" />
        <path d="M9 12l2 2 4-4" />
      </>,
    ),
  },
  {
    screen: 'connection',
    label: 'Connection',
    icon: icon(
      <>
        <ellipse cx="12" cy="5.5" rx="7.5" ry="2.5" />
        <path d="M4.5 5.5v13c0 1.4 3.4 2.5 7.5 2.5s7.5-1.1 7.5-2.5v-13M4.5 12c0 1.4 3.4 2.5 7.5 2.5s7.5-1.1 7.5-2.5" />
      </>,
    ),
  },
]

export function Sidebar() {
  const { screen, navigate } = useNavigation()
  return (
    <nav className="sidebar" aria-label="Screens">
      <div className="sidebar-brand">
        <span className="brand-mark" aria-hidden="true">R</span>
        Roster
      </div>
      <ul className="nav-list">
        {items.map((item) => (
          <li key={item.screen}>
            <button
              type="button"
              className="nav-item"
              aria-current={screen === item.screen ? 'page' : undefined}
              onClick={() => navigate(item.screen)}
            >
              {item.icon}
              {item.label}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  )
}
