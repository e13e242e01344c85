import type { ScreenLink } from '../../grid/guards'
import type { RowRef } from '../../grid/staging/model'
import { emptyView } from '../../routes/address'

/** The users screen showing one agency's live users: where to move them before the agency can go. */
export const usersOfAgency = (agency: RowRef): ScreenLink => ({
  to: 'users',
  view: { ...emptyView, filters: { agencyId: { op: 'is', args: [agency.id] } } },
})
