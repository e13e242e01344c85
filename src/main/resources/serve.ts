import type { PgTable } from 'drizzle-orm/pg-core'
import type { z } from 'zod'
import type { SaveResult } from '../../shared/schemas/common'
import { resources, type ResourceName, type Resources } from '../../shared/schemas/resources'
import type { RosterDb } from '../db/client'
import type { ExportChoice, ExportSelect } from '../csv/export-selects'
import type { ImportSpec } from '../imports/specs'
import type { BeforeCommit } from '../services/batch'
import type { AgreeingTable } from './agreement'

/** A resource's services: each takes its database, and input its rules have parsed. */
interface Services<R extends Resources[ResourceName]> {
  // Methods, not function properties: one resource's services then stand for any resource's
  // (api.ts and the cache treat them all alike; the dispatcher has parsed each input with the
  // same resource's rules).
  list(db: RosterDb, query: z.output<R['listQuery']>): Promise<z.output<R['listResult']>>
  count(db: RosterDb, query: z.output<R['listQuery']>): Promise<number>
  /** One transaction; `beforeCommit` runs in it after the writes (the change notice rides there). */
  save(db: RosterDb, batch: z.output<R['saveBatch']>, beforeCommit?: BeforeCommit): Promise<SaveResult>
  /** The select a CSV export of a view runs (src/main/csv/export-selects.ts); `choice.query` is parsed by the resource's rules. */
  exportSelect(db: RosterDb, choice: ExportChoice): ExportSelect
  /** How a CSV import reads, checks and writes its rows (src/main/imports/specs.ts). */
  importSpec: ImportSpec
}

/**
 * How the main process serves a resource: its definition (src/shared: rules, and what its pages
 * show, which the cache keys follow), its table and its services.
 */
export interface ServedResource<R extends Resources[ResourceName] = Resources[ResourceName]> extends Services<R> {
  definition: R
  table: PgTable
}

/**
 * A resource's registry entry, exported as `served` by its service module; compiles only when
 * the resource's rules agree with its table, column by column.
 */
export const serveResource = <Name extends ResourceName, Table extends PgTable>(
  name: Name,
  table: AgreeingTable<Table, Resources[Name]>,
  services: Services<Resources[Name]>,
): ServedResource<Resources[Name]> => ({ definition: resources[name], table, ...services })
