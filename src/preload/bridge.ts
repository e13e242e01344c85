import { channelOf, methodNames, type MethodName } from '../shared/contract/methods'

/** Exactly one function per contract method, each bound to its own channel: no generic invoke. */
export function buildBridge(invoke: (channel: string, input: unknown) => Promise<unknown>) {
  return Object.freeze(
    Object.fromEntries(methodNames.map((method) => [method, (input: unknown) => invoke(channelOf(method), input)])) as Record<
      MethodName,
      (input: unknown) => Promise<unknown>
    >,
  )
}
