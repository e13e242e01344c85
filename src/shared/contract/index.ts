import { z } from 'zod'
import { agencyListQuery, agencyListResult, agencySaveBatch } from '../domain/agencies'
import { cacheStatus } from '../domain/cache'
import { countResult, saveResult } from '../domain/common'
import {
  connectionList,
  connectionRef,
  connectionSaveInput,
  connectionSummary,
  connectionTestInput,
  connectionTestResult,
  currentConnection,
  savedConnectionRef,
} from '../domain/connections'
import { databaseStatus, type RowAccess } from '../domain/database'
import { roleListQuery, roleListResult, roleSaveBatch } from '../domain/roles'
import { userListQuery, userListResult, userSaveBatch } from '../domain/users'
import type { Result } from '../result'
import type { MethodName } from './methods'

export { methodNames, channelOf, type MethodName } from './methods'
export type { RowAccess } from '../domain/database'

const method = <Input extends z.ZodType, Output extends z.ZodType>(input: Input, output: Output) => ({ input, output })
// Methods that read or write Roster's own tables say so: the main process refuses them on a
// database whose schema is not Roster's and up to date (src/main/db/schema-guard.ts).
const reads = <Input extends z.ZodType, Output extends z.ZodType>(input: Input, output: Output) => ({ input, output, rows: 'read' as const })
const writes = <Input extends z.ZodType, Output extends z.ZodType>(input: Input, output: Output) => ({ input, output, rows: 'write' as const })
const noInput = z.object({}).strict().optional()

/** Every API method: its name, its input schema and its output schema, written once. */
export const contract = {
  'database.status': method(noInput, databaseStatus),
  'database.migrate': method(noInput, databaseStatus),
  'agencies.list': reads(agencyListQuery, agencyListResult),
  'agencies.count': reads(agencyListQuery, countResult),
  'agencies.save': writes(agencySaveBatch, saveResult),
  'users.list': reads(userListQuery, userListResult),
  'users.count': reads(userListQuery, countResult),
  'users.save': writes(userSaveBatch, saveResult),
  'roles.list': reads(roleListQuery, roleListResult),
  'roles.count': reads(roleListQuery, countResult),
  'roles.save': writes(roleSaveBatch, saveResult),
  'cache.status': method(noInput, cacheStatus),
  'connections.list': method(noInput, connectionList),
  'connections.current': method(noInput, currentConnection),
  'connections.save': method(connectionSaveInput, connectionSummary),
  'connections.remove': method(savedConnectionRef, savedConnectionRef),
  'connections.test': method(connectionTestInput, connectionTestResult),
  'connections.open': method(connectionRef, databaseStatus),
} satisfies Record<MethodName, { input: z.ZodType; output: z.ZodType; rows?: RowAccess }>

// methods.ts and the contract must name the same methods.
type Missing = Exclude<MethodName, keyof typeof contract>
const everyMethodHasSchemas: Missing extends never ? true : Missing = true
void everyMethodHasSchemas

export type Contract = typeof contract
/** Whether a method reads or writes Roster's tables; undefined for the others. */
export const rowAccessOf = (method: MethodName): RowAccess | undefined => (contract[method] as { rows?: RowAccess }).rows

export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>
export type ParsedInput<M extends MethodName> = z.output<Contract[M]['input']>
export type MethodOutput<M extends MethodName> = z.output<Contract[M]['output']>

/** What the renderer holds: one typed function per method, whichever transport is underneath. */
export type RosterApi = { [M in MethodName]: (input: MethodInput<M>) => Promise<Result<MethodOutput<M>>> }
