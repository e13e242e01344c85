import type { FilterControlProps } from '../../grid/resource'
import { useAllRoles } from './useAllRoles'

/** Users holding one role. */
export function RoleFilterControl({ value, onChange, label }: FilterControlProps) {
  const roles = useAllRoles()
  return (
    <select className="filter-input" aria-label={`Filter ${label}`} value={value ?? ''} onChange={(e) => onChange(e.target.value || undefined)}>
      <option value="">Any role</option>
      {roles.data?.list.map((role) => (
        <option key={role.id} value={role.id}>
          {role.name}
        </option>
      ))}
    </select>
  )
}
