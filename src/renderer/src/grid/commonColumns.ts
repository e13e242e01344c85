import { column } from './columns'
import { formatDate } from './format'

/** When a row was created and last changed: shown, sortable, never edited. */
export const timestampColumns = () => [
  column.accessor('createdAt', {
    id: 'createdAt',
    header: 'Created',
    size: 185,
    meta: { editor: 'readonly', sortKey: 'createdAt', format: formatDate },
  }),
  column.accessor('updatedAt', {
    id: 'updatedAt',
    header: 'Updated',
    size: 185,
    meta: { editor: 'readonly', sortKey: 'updatedAt', format: formatDate },
  }),
]
