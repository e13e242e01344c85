/** Errors cross the process boundary as data, never as thrown exceptions. */
/** `cancelled`: a newer request with the same `supersede` name replaced this one. */
export const errorCodes = ['validation', 'conflict', 'constraint', 'not_found', 'connection', 'cancelled', 'internal'] as const
export type ErrorCode = (typeof errorCodes)[number]

/** One problem with one field; `rowId` names the row of a batch (its id, or the clientId of an insert). */
export interface FieldError {
  rowId?: string
  field: string
  message: string
}

export interface ApiError {
  code: ErrorCode
  message: string
  fieldErrors?: FieldError[]
}

export type Result<T> = { ok: true; data: T } | { ok: false; error: ApiError }

export const ok = <T>(data: T): Result<T> => ({ ok: true, data })
export const fail = (error: ApiError): Result<never> => ({ ok: false, error })
