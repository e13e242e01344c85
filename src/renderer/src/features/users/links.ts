import type { ScreenLink } from '../../grid/guards'
import type { RowRef } from '../../grid/staging/model'

/** The users screen's linked filter for one agency's users (usersResource.linkedFilters). */
export const AGENCY_USERS = 'agency'

/** The users screen showing one agency's live users: where to move them before the agency can go. */
export const usersOfAgency = (agency: RowRef): ScreenLink => ({
  to: 'users',
  filter: { kind: AGENCY_USERS, value: agency.id, label: `Agency: ${agency.title}` },
})
