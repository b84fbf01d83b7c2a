import type { FastifyInstance } from 'fastify';
import { AppError } from './errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** This route documents an HTML form body (`application/x-www-form-urlencoded`); all others refuse it. */
    acceptsForm?: boolean;
  }
}

/**
 * JSON routes accept JSON only; `application/x-www-form-urlencoded` is parsed for the few routes
 * that document an HTML form (the newsroom's guest comments) and refused with 415 everywhere else.
 */
export function registerBodyTypes(app: FastifyInstance) {
  app.addHook('onRequest', async (request) => {
    const type = request.headers['content-type'];
    if (!type?.toLowerCase().startsWith('application/x-www-form-urlencoded')) return;
    if (request.routeOptions.config?.acceptsForm) return;
    throw new AppError(
      415,
      'unsupported_media_type',
      'This endpoint accepts JSON only (Content-Type: application/json).',
    );
  });
}
