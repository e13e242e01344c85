import type { MethodInput, MethodName, MethodOutput } from '../../../shared/contract'

/** The resources the API lists, counts and saves (users, agencies, roles), read from the method names. */
export type ListedResource = { [M in MethodName]: M extends `${infer Name}.count` ? Name : never }[MethodName]

type MethodOf<Name extends ListedResource, Verb extends 'list' | 'save'> = Extract<MethodName, `${Name}.${Verb}`>

type ListedRow<Output> = Output extends { rows: (infer Row)[] } ? Row : never

/** A listed resource's row, list query and save batch, as the contract declares them. */
export interface ContractResource<Name extends ListedResource> {
  row: ListedRow<MethodOutput<MethodOf<Name, 'list'>>>
  query: MethodInput<MethodOf<Name, 'list'>>
  batch: MethodInput<MethodOf<Name, 'save'>>
}
