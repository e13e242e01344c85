import type { RosterApi } from '../../../shared/contract'
import type { ResourceName } from '../../../shared/schemas/resources'
import type { GridView } from '../routes/address'
import type { ResourceTypes, RowOf } from './resourceTypes'
import type { RowRef } from './staging/model'

/** What a delete takes with it, as the dialog that asks first says it. */
export interface DeleteWarning {
  /** "Delete Viewer?" */
  title: string
  /** "Viewer is held by 51 users; their assignments go with it." */
  summary: string
  /** Each row's share when several are deleted: "Viewer: 51 users". */
  lines: string[]
  /** The confirming button: "Delete role". */
  confirm: string
}

/** Another screen, opened in a view of its own: the users of one agency. */
export interface ScreenLink {
  to: ResourceName
  view: GridView
}

/** A resource's guards on destructive actions, and the links to other screens they offer. */
export interface ResourceGuards<T extends ResourceTypes> {
  /**
   * What deleting these rows takes with it, counted by the server when the delete is chosen (the
   * users holding a role): the grid asks first. Absent, or null (nothing goes with them): staged at once.
   */
  deleteWarning?(api: RosterApi, rows: readonly RowOf<T>[]): Promise<DeleteWarning | null>
  /** Where to see what keeps a row from being deleted (an agency's users), offered when its delete is refused. */
  deleteBlockers?: { action: string; link(row: RowRef): ScreenLink }
}
