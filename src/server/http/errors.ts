import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { infrastructureFault } from '../db/faults.js';

/** Every error the API returns has this shape: `{ error: { code, message, details?, requestId } }`. */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** Extra response headers, e.g. `Retry-After` on 429. */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export const fail = {
  badRequest: (code: string, message: string, details?: unknown) => new AppError(400, code, message, details),
  unauthorized: (message = 'You need to log in.') => new AppError(401, 'unauthorized', message),
  forbidden: (message = 'You are not allowed to do this.', code = 'forbidden') =>
    new AppError(403, code, message),
  notFound: (message = 'Not found.') => new AppError(404, 'not_found', message),
  conflict: (code: string, message: string) => new AppError(409, code, message),
  gone: (code: string, message: string) => new AppError(410, code, message),
  tooMany: (
    message = 'Too many attempts. Please wait a few minutes and try again.',
    retryAfterSeconds?: number,
  ) =>
    new AppError(
      429,
      'rate_limited',
      message,
      undefined,
      retryAfterSeconds === undefined
        ? undefined
        : { 'retry-after': String(Math.max(1, Math.ceil(retryAfterSeconds))) },
    ),
};

export function errorBody(requestId: string, code: string, message: string, details?: unknown) {
  return { error: { code, message, ...(details === undefined ? {} : { details }), requestId } };
}

const fastifyCodes: Record<string, { code: string; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'invalid_json', message: 'The request body is not valid JSON.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'invalid_json', message: 'The request body is empty.' },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'payload_too_large', message: 'The request body is too large.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'unsupported_media_type', message: 'Unsupported content type.' },
  FST_REQ_FILE_TOO_LARGE: { code: 'payload_too_large', message: 'The file is too large.' },
  FST_INVALID_MULTIPART_CONTENT_TYPE: { code: 'invalid_upload', message: 'Expected a multipart upload.' },
};

export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      if (error.headers) reply.headers(error.headers);
      return reply
        .status(error.statusCode)
        .send(errorBody(request.id, error.code, error.message, error.details));
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const details = error.validation.map((issue) => ({
        path: issue.instancePath.replace(/^\//, '').replaceAll('/', '.'),
        message: issue.message ?? 'invalid',
      }));
      const first = details[0];
      const message = first
        ? `Invalid ${error.validationContext ?? 'input'}: ${first.path || 'value'} ${first.message}`
        : 'Invalid input.';
      return reply.status(400).send(errorBody(request.id, 'validation_failed', message, details));
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error }, 'response did not match its schema');
      return reply.status(500).send(errorBody(request.id, 'internal', 'Something went wrong on our side.'));
    }
    const known = error.code ? fastifyCodes[error.code] : undefined;
    if (known)
      return reply.status(error.statusCode ?? 400).send(errorBody(request.id, known.code, known.message));
    if (error.statusCode === 429) {
      return reply
        .status(429)
        .send(errorBody(request.id, 'rate_limited', 'Too many requests. Please wait and try again.'));
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.status(error.statusCode).send(errorBody(request.id, 'bad_request', error.message));
    }
    const fault = infrastructureFault(error);
    if (fault) {
      // The real cause goes to the log (e.g. ENOSPC, 57P01); the client gets a stable code to show.
      request.log.error({ err: error }, `request failed: ${fault.code}`);
      if (fault.status === 503) reply.header('retry-after', '5');
      return reply.status(fault.status).send(errorBody(request.id, fault.code, fault.message));
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send(errorBody(request.id, 'internal', 'Something went wrong on our side.'));
  });
}
