import type { ContractResource } from '../../api/resourceTypes'

/** A user's row, list query and save batch, from the API contract. */
export type UserTypes = ContractResource<'users'>

/** Role names by id: the roles column shows and copies names. */
export type RoleNames = ReadonlyMap<string, string>
