import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponse } from '../../shared/api/common.js';
import { AppError, fail } from './errors.js';
import type { Viewer } from './viewer.js';

/** The Fastify instance as route files see it: zod schemas type params, body and responses. */
export type Api = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** Error responses every route may give, for the OpenAPI document. */
export const errorResponses = {
  400: errorResponse,
  401: errorResponse,
  403: errorResponse,
  404: errorResponse,
  409: errorResponse,
  429: errorResponse,
  503: errorResponse,
};

/** The viewer of a route whose access rule already guarantees one. */
export function viewerOf(request: FastifyRequest): Viewer {
  if (!request.viewer) throw fail.unauthorized();
  return request.viewer;
}

/** Reads one uploaded file of a multipart request, bounded by the configured upload size. */
export async function readUpload(
  request: FastifyRequest,
  maxBytes: number,
): Promise<{ bytes: Buffer; filename: string; mimetype: string }> {
  if (!request.isMultipart())
    throw fail.badRequest('invalid_upload', 'Expected a multipart/form-data upload with a file.');
  try {
    const file = await request.file({ limits: { fileSize: maxBytes, files: 1 } });
    if (!file) throw fail.badRequest('invalid_upload', 'The upload contains no file.');
    const bytes = await file.toBuffer();
    return { bytes, filename: file.filename, mimetype: file.mimetype };
  } catch (error) {
    // A body that ends before its closing boundary (a dropped connection, a broken client) is the
    // client's fault, not ours: busboy's "Unexpected end of form" answered 500.
    if (error instanceof AppError || (error as { statusCode?: number }).statusCode) throw error;
    throw fail.badRequest('invalid_upload', 'The upload is incomplete or malformed. Please try again.');
  }
}

/** Image URLs carry a version, so browsers may keep them for a year. */
export function sendImage(reply: FastifyReply, bytes: Buffer, audience: 'private' | 'public' = 'private') {
  return reply
    .header('content-type', 'image/webp')
    .header('cache-control', `${audience}, max-age=31536000, immutable`)
    .header('x-content-type-options', 'nosniff')
    .send(bytes);
}
