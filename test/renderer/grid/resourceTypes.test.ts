import { describe, expectTypeOf, it } from 'vitest'
import type { ContractResource } from '../../../src/renderer/src/api/resourceTypes'
import type { Field, FilterKey, ListRequest, ResourceTypes, SaveRequest, SortKey } from '../../../src/renderer/src/grid/resourceTypes'
import type { MethodInput } from '../../../src/shared/contract'

type Users = ContractResource<'users'>

// Column ids, sort keys, filter keys and edited fields are checked by the compiler: a misspelt
// name ('emial') does not compile. These lines fail `tsc` if the types stop saying so.
describe('grid types derived from the API contract', () => {
  it('fits every listed resource', () => {
    expectTypeOf<ContractResource<'users'>>().toExtend<ResourceTypes>()
    expectTypeOf<ContractResource<'agencies'>>().toExtend<ResourceTypes>()
    expectTypeOf<ContractResource<'roles'>>().toExtend<ResourceTypes>()
  })

  it('names the fields, sort keys and filters the contract has, and no others', () => {
    expectTypeOf<Field<Users>>().toEqualTypeOf<'name' | 'email' | 'agencyId' | 'isActive' | 'roleIds'>()
    expectTypeOf<SortKey<Users>>().toEqualTypeOf<'name' | 'email' | 'agencyName' | 'isActive' | 'createdAt' | 'updatedAt'>()
    expectTypeOf<FilterKey<Users>>().toEqualTypeOf<'name' | 'email' | 'agencyName' | 'agencyId' | 'isActive' | 'roleId' | 'createdAt' | 'updatedAt' | 'deleted'>()
    // @ts-expect-error a misspelt field does not compile
    const field: Field<Users> = 'emial'
    // @ts-expect-error nor a sort on a column the API does not sort by
    const sort: SortKey<Users> = 'roleIds'
    void [field, sort]
  })

  it('makes requests the resource’s own methods accept', () => {
    expectTypeOf<ListRequest<Users>>().toExtend<MethodInput<'users.list'>>()
    expectTypeOf<SaveRequest<Users>>().toExtend<MethodInput<'users.save'>>()
    expectTypeOf<ListRequest<ContractResource<'roles'>>>().toExtend<MethodInput<'roles.list'>>()
  })
})
