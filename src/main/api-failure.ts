import type { ApiError, ErrorCode, FieldError } from '../shared/result'

/** A failure a service means to report to the caller as it is. */
export class ApiFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fieldErrors?: FieldError[],
  ) {
    super(message)
    this.name = 'ApiFailure'
  }

  toApiError(): ApiError {
    return { code: this.code, message: this.message, ...(this.fieldErrors?.length ? { fieldErrors: this.fieldErrors } : {}) }
  }
}
