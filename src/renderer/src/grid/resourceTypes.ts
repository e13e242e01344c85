/**
 * The types a grid is generic over, read from a resource's API contract: its listed row, its list
 * query and its save batch. Pure types (no React), so the staging model and its tests use them too.
 */

/** What every listed row has; the rest is the resource's own fields. */
// A type, not an interface: TanStack's row type wants an index-signature-compatible object.
export type RowBase = {
  id: string
  updatedAt: string
  deletedAt?: string | null
}

/** The part of a resource's list query the grid fills in: sort columns and filters. */
export interface ListQueryBase {
  sort?: { column: string; direction: 'asc' | 'desc' }[]
  filters?: object
}

/** The part of a resource's save batch the grid fills in. */
export interface SaveBatchBase {
  inserts?: { clientId: string }[]
  updates?: { id: string; updatedAt: string; overwrite?: boolean; changes: object }[]
  deletes?: { id: string }[]
}

/** One resource's types: `row` from its `list` output, `query` its `list` input, `batch` its `save` input. */
export interface ResourceTypes {
  row: RowBase
  query: ListQueryBase
  batch: SaveBatchBase
}

export type RowOf<T extends ResourceTypes> = T['row']
/** The columns the API sorts this resource by. */
export type SortKey<T extends ResourceTypes> = NonNullable<T['query']['sort']>[number]['column']
export type Filters<T extends ResourceTypes> = NonNullable<T['query']['filters']>
export type FilterKey<T extends ResourceTypes> = keyof Filters<T> & string
/** What an update may change: the fields a cell edits. */
export type Changes<T extends ResourceTypes> = NonNullable<T['batch']['updates']>[number]['changes']
/** A field an edit changes, which the row also shows. */
export type Field<T extends ResourceTypes> = keyof Changes<T> & keyof RowOf<T> & string
/** What a new row sends, apart from the client id the grid gives it. */
export type NewRowValues<T extends ResourceTypes> = Omit<NonNullable<T['batch']['inserts']>[number], 'clientId'>

/** The keys of `O` whose property can hold a `V`. */
export type KeysAccepting<O, V> = { [K in keyof O]-?: [V] extends [O[K]] ? K : never }[keyof O] & string
/** The keys of `O` whose property is always a `V`. */
export type KeysHolding<O, V> = { [K in keyof O]-?: [O[K]] extends [V] ? K : never }[keyof O] & string

export interface SortBy<T extends ResourceTypes> {
  column: SortKey<T>
  direction: 'asc' | 'desc'
}

/** A `list` call as the grid makes it; assignable to the resource's own list query. */
export interface ListRequest<T extends ResourceTypes> {
  sort: SortBy<T>[]
  filters: Partial<Filters<T>>
  search: string
  limit: number
  offset: number
  after?: string | null
  /** Read the database, not Roster's cache (Reload, Retry). */
  fresh?: boolean
  /** A newer request with this name cancels this one on the server (jumps, counts). */
  supersede?: string
}

/** What the grid's sort, filters and search ask of the server. */
export type ListParams<T extends ResourceTypes> = Pick<ListRequest<T>, 'sort' | 'filters' | 'search'>

/** A `save` call as the grid makes it; assignable to the resource's own batch. */
export interface SaveRequest<T extends ResourceTypes> {
  inserts: (NewRowValues<T> & { clientId: string })[]
  updates: { id: string; updatedAt: string; overwrite?: boolean; changes: Partial<Changes<T>> }[]
  deletes: { id: string }[]
  /** Soft-delete resources only. */
  restores?: { id: string }[]
}

/**
 * A main-process field rule as the grid uses it: zod's `safeParse`, typed by the value it gives.
 * (Structural, so a rule whose output is narrower than the field's input still fits.)
 */
export interface FieldRule<Value> {
  safeParse(value: unknown): { success: true; data: Value } | { success: false; error: { issues: readonly { message: string }[] } }
}

export type FieldRules<T extends ResourceTypes> = { [F in Field<T>]: FieldRule<Changes<T>[F]> }
