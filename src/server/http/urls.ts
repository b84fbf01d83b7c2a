import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';

/** Links in mails and invitations point at the configured public URL, else at the host the request came to. */
export function publicBaseUrl(ctx: AppContext, requestOrigin: string): string {
  return ctx.config.publicUrl ?? requestOrigin;
}

export function requestOrigin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}
