import { resourceNames, type ResourceName } from '../../shared/schemas/resources'
import type { ServedResource } from './serve'

export { serveResource, type ServedResource } from './serve'

// A resource's service module (src/main/services/<name>.ts) registers it by exporting `served`;
// the other service modules (list paging, batches) export no such thing. Found when the main
// process is built (and by Vite's runner in tests and benches), so a new resource is not one
// more line in a hand-kept list.
const serviceModules = import.meta.glob<{ served?: ServedResource }>('../services/*.ts', { eager: true })

/** The entries the modules export, by resource name; a resource served twice, or by none, is refused. */
export function servedByName(modules: Record<string, { served?: ServedResource }>): ReadonlyMap<ResourceName, ServedResource> {
  const served = new Map<ResourceName, ServedResource>()
  for (const [path, module] of Object.entries(modules)) {
    const entry = module.served
    if (!entry) continue
    const name = entry.definition.name
    if (served.has(name)) throw new Error(`The ${name} resource is served twice (again by ${path})`)
    served.set(name, entry)
  }
  const unserved = resourceNames.filter((name) => !served.has(name))
  if (unserved.length > 0) {
    throw new Error(`No service serves ${unserved.join(', ')}: src/main/services/<name>.ts exports served = serveResource('<name>', …)`)
  }
  return new Map(resourceNames.flatMap((name) => served.get(name) ?? []).map((entry) => [entry.definition.name, entry]))
}

/** Every resource the API serves, by name, in the order of src/shared's list; checked when the main process starts. */
export const servedResources = servedByName(serviceModules)

/** The entry of a resource the API serves (every one has one: checked above). */
export function servedResource(name: ResourceName): ServedResource {
  const entry = servedResources.get(name)
  if (!entry) throw new Error(`No service serves ${name}`)
  return entry
}
