import type { ClientErrorCode, ErrorCode } from '../../shared/api/errors';

/** A failed request as the web app sees it: the server's error, or a client-side code (offline, network). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | ClientErrorCode,
    message: string,
    /** An array of field problems for `validation_failed`; other codes may carry an object. */
    readonly details?: unknown,
  ) {
    super(message);
  }
}
