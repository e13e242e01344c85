import { z } from 'zod'
import { cacheStatus } from '../schemas/cache'
import { countResult, saveResult } from '../schemas/common'
import {
  connectionList,
  connectionRef,
  connectionSaveInput,
  connectionSummary,
  connectionTestInput,
  connectionTestResult,
  currentConnection,
  savedConnectionRef,
} from '../schemas/connections'
import { sshHostKeyInput, sshHostKeyResult } from '../schemas/connection-reach'
import { databaseStatus, type RowAccess } from '../schemas/database'
import { exportProgress, exportRef, exportStarted, exportStartInput } from '../schemas/exports'
import {
  importApplyInput,
  importApplyResult,
  importCancelled,
  importCheck,
  importCheckInput,
  importFileRef,
  importJobRef,
  importPickResult,
  importPreview,
  importPreviewInput,
  importProgress,
} from '../schemas/imports'
import { pickedResources, resourceNames, resources, type ResourceName, type Resources } from '../schemas/resources'
import type { Result } from '../result'
import { choicesMethod, resourceMethod, type ChoicesMethodName, type MethodName, type ResourceAction, type ResourceMethodName } from './methods'
import { choicesQuery, choicesResult } from '../schemas/choices'

export { methodNames, channelOf, choicesMethod, resourceMethod, resourceActions, type ChoicesMethodName, type MethodName, type ResourceAction, type ResourceMethodName } from './methods'
export { pickedResources, resourceNames, resources, type PickedResource, type ResourceName, type Resources } from '../schemas/resources'
export type { RowAccess } from '../schemas/database'
export { rosterEvent, changeEvent, liveEvent, type RosterEvent, type ChangeEvent, type LiveEvent, type LiveState, type RosterEvents } from './events'
export { eventChannels } from './event-channels'

const method = <Input extends z.ZodType, Output extends z.ZodType>(input: Input, output: Output) => ({ input, output })
// Methods that read or write Roster's own tables say so: the main process's schema guard refuses
// them on a database whose schema is not Roster's and up to date.
const reads = <Input extends z.ZodType, Output extends z.ZodType>(input: Input, output: Output) => ({ input, output, rows: 'read' as const })
const writes = <Input extends z.ZodType, Output extends z.ZodType>(input: Input, output: Output) => ({ input, output, rows: 'write' as const })
const noInput = z.object({}).strict().optional()

/** The schemas of one resource method, by action: a page, a count, a batch saved. */
type ResourceMethodSchemas<Resource extends Resources[ResourceName], Action extends ResourceAction> = {
  list: { input: Resource['listQuery']; output: Resource['listResult']; rows: 'read' }
  count: { input: Resource['listQuery']; output: typeof countResult; rows: 'read' }
  save: { input: Resource['saveBatch']; output: typeof saveResult; rows: 'write' }
}[Action]

type ResourceContract = {
  [Method in ResourceMethodName]: Method extends ResourceMethodName<infer Name, infer Action> ? ResourceMethodSchemas<Resources[Name], Action> : never
}

/** Every resource's `list`, `count` and `save`, derived from its definition. */
function resourceContract(): ResourceContract {
  const entries = resourceNames.flatMap((name) => {
    const { listQuery, listResult, saveBatch } = resources[name]
    return [
      [resourceMethod(name, 'list'), reads(listQuery, listResult)],
      [resourceMethod(name, 'count'), reads(listQuery, countResult)],
      [resourceMethod(name, 'save'), writes(saveBatch, saveResult)],
    ] as const
  })
  // Object.fromEntries forgets which method holds which resource's schemas; ResourceContract says it.
  return Object.fromEntries(entries) as ResourceContract
}

type ChoicesContract = { [Method in ChoicesMethodName]: { input: typeof choicesQuery; output: typeof choicesResult; rows: 'read' } }

/** `<name>.choices` of every resource a picker offers. */
function choicesContract(): ChoicesContract {
  return Object.fromEntries(pickedResources.map((name) => [choicesMethod(name), reads(choicesQuery, choicesResult)])) as ChoicesContract
}

/** Every API method: its name, its input schema and its output schema, written once. */
export const contract = {
  'database.status': method(noInput, databaseStatus),
  'database.migrate': method(noInput, databaseStatus),
  ...resourceContract(),
  ...choicesContract(),
  'cache.status': method(noInput, cacheStatus),
  'connections.list': method(noInput, connectionList),
  'connections.current': method(noInput, currentConnection),
  'connections.save': method(connectionSaveInput, connectionSummary),
  'connections.remove': method(savedConnectionRef, savedConnectionRef),
  'connections.test': method(connectionTestInput, connectionTestResult),
  'connections.sshHostKey': method(sshHostKeyInput, sshHostKeyResult),
  'connections.open': method(connectionRef, databaseStatus),
  'imports.pickFile': method(noInput, importPickResult),
  'imports.discard': method(importFileRef, importFileRef),
  'imports.preview': method(importPreviewInput, importPreview),
  // A check is refused where nothing could be applied (schema not Roster's, or behind).
  'imports.check': writes(importCheckInput, importCheck),
  'imports.apply': writes(importApplyInput, importApplyResult),
  'imports.progress': method(importJobRef, importProgress),
  'imports.cancel': method(importJobRef, importCancelled),
  'exports.start': reads(exportStartInput, exportStarted),
  'exports.progress': method(exportRef, exportProgress),
  'exports.cancel': method(exportRef, exportProgress),
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
