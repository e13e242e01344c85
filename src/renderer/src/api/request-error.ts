import type { ApiError, Result } from '../../../shared/result'

/** An API failure carried through TanStack Query, which wants thrown errors. */
export class ApiRequestError extends Error {
  constructor(readonly apiError: ApiError) {
    super(apiError.message)
    this.name = 'ApiRequestError'
  }
}

/** The data of a successful result, or a thrown ApiRequestError. */
export function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new ApiRequestError(result.error)
  return result.data
}

/** A newer request with the same `supersede` name replaced this one: never shown to anyone. */
export const isCancelled = (error: unknown): boolean => error instanceof ApiRequestError && error.apiError.code === 'cancelled'

/** A sentence for a person, whatever was thrown. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiRequestError) return error.apiError.message
  if (error instanceof Error) return error.message
  return 'Something went wrong.'
}
