import type { FastifySerializerCompiler } from 'fastify/types/schema.js';
import { serializerCompiler } from 'fastify-type-provider-zod';
import type { ZodType } from 'zod';

/**
 * The busiest routes: the feeds, the items and the commonest writes. Their successful answers are built field by
 * field by our own presenters (and the item cache), so checking them against the zod schema on
 * every request only costs time — for a page of 20 feed items about a tenth of a feed request's CPU;
 * `test/integration/hot-routes.test.ts` checks that each answer matches its schema exactly (no
 * missing, extra or mistyped field). The schemas stay for the OpenAPI document and for errors.
 */
export const trustedResponseRoutes: ReadonlySet<string> = new Set([
  'GET /api/v1/feed',
  'GET /api/v1/spaces/:id/feed',
  'GET /api/v1/users/:id/feed',
  'GET /api/v1/hashtags/:tag/feed',
  'GET /api/v1/content/:id',
  'GET /api/v1/content/:id/comments',
  'GET /api/v1/notifications',
  'GET /api/v1/search',
  'GET /api/v1/search/suggest',
  'GET /api/v1/users',
  'GET /api/v1/me',
  // The writes of issue 13's benchmark: a new post answers with its feed item, a reaction with the counts.
  'POST /api/v1/spaces/:id/posts',
  'POST /api/v1/users/:id/posts',
  'PUT /api/v1/content/:id/reaction',
  'DELETE /api/v1/content/:id/reaction',
]);

const plainJson = (data: unknown) => JSON.stringify(data);

/** zod's serializer everywhere, except for the 2xx answers of the routes above: plain JSON.stringify. */
export const hotPathSerializerCompiler: FastifySerializerCompiler<ZodType> = (route) => {
  const status = Number(route.httpStatus);
  if (status >= 200 && status < 300 && trustedResponseRoutes.has(`${route.method} ${route.url}`))
    return plainJson;
  return serializerCompiler(route);
};
