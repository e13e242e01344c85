import { useMemo, useState } from 'react'
import { useNavigation } from '../shell/navigation'
import type { GridResource } from './resource'
import type { Filters, ResourceTypes } from './resourceTypes'

const noFilters = {}

/**
 * The filter another screen opened this one with, when the resource knows its kind (the users of
 * one agency): applied, and shown as a chip until it is removed.
 */
export function useLinkedFilter<T extends ResourceTypes, Lookup>({ linkedFilters }: GridResource<T, Lookup>) {
  const { filter } = useNavigation()
  const [linked, setLinked] = useState(() => (filter && linkedFilters?.[filter.kind] ? filter : null))
  const filters = useMemo((): Partial<Filters<T>> => (linked && linkedFilters?.[linked.kind]?.(linked.value)) || noFilters, [linked, linkedFilters])
  return { filters, chip: linked && { label: linked.label, onRemove: () => setLinked(null) } }
}
