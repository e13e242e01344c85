import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { contract, methodNames } from '../../src/shared/contract'

/** The parts of a zod 4 definition that hold other schemas. */
interface Def {
  type: string
  shape?: Record<string, z.core.$ZodType>
  innerType?: z.core.$ZodType
  element?: z.core.$ZodType
  options?: z.core.$ZodType[]
  in?: z.core.$ZodType
  out?: z.core.$ZodType
  left?: z.core.$ZodType
  right?: z.core.$ZodType
}

/** Every string schema inside an input schema, with where it sits. */
function stringFields(schema: z.core.$ZodType, path: string, into: [string, z.core.$ZodType][] = []): [string, z.core.$ZodType][] {
  const def = schema._zod.def as unknown as Def
  const walk = (child: z.core.$ZodType | undefined, at = path) => child && stringFields(child, at, into)
  if (def.type === 'string') into.push([path, schema])
  for (const [key, child] of Object.entries(def.shape ?? {})) walk(child, `${path}.${key}`)
  walk(def.innerType)
  walk(def.element, `${path}[]`)
  for (const option of def.options ?? []) walk(option)
  walk(def.in)
  walk(def.out)
  walk(def.left)
  walk(def.right)
  return into
}

describe('text inputs', () => {
  const fields = methodNames.flatMap((method) => stringFields(contract[method].input, method))

  it('finds the string fields of every input', () => {
    expect(fields.map(([path]) => path)).toEqual(
      expect.arrayContaining(['users.list.search', 'users.save.inserts[].name', 'users.save.updates[].changes.email', 'roles.save.inserts[].description', 'connections.save.name', 'connections.test.password']),
    )
  })

  it.each(['a\u0000b', 'a\ud800b', 'b\udc00'])('every string field of every input refuses %j', (bad) => {
    const accepting = fields.filter(([, schema]) => z.safeParse(schema, bad).success).map(([path]) => path)
    expect(accepting).toEqual([])
  })
})
