import type { FastifyReply } from 'fastify';
import { idParam } from '../../../shared/api/common.js';
import { feedQuery, hashtagParams } from '../../../shared/api/stream.js';
import type { AppContext } from '../../context.js';
import { type Api, errorResponses, viewerOf } from '../../http/api.js';
import * as stream from './stream.service.js';

const tags = ['feeds'];

/** A page already serialised (stream.asJson): sent as it is, no serializer runs. */
const sendJson = (reply: FastifyReply, json: string) =>
  reply.type('application/json; charset=utf-8').send(json);

/** The feeds' last arguments: where the page starts, its length, and JSON text as the answer. */
const asJsonPage = (query: { cursor?: string; limit: number }) =>
  [query.cursor, query.limit, stream.asJson] as const;
export function streamRoutes(app: Api, ctx: AppContext) {
  // Items of every registered kind (kinds/registry.ts).
  const response = { 200: ctx.kinds.pageSchema, ...errorResponses };
  app.get(
    '/api/v1/feed',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Home feed: my spaces, mandatory spaces, my profile and people I follow',
        querystring: feedQuery,
        response,
      },
    },
    async (request, reply) =>
      sendJson(reply, await stream.homeFeed(ctx, viewerOf(request), ...asJsonPage(request.query))),
  );

  app.get(
    '/api/v1/spaces/:id/feed',
    {
      config: { access: 'policy' },
      schema: {
        tags,
        summary: 'A space’s stream, pinned posts first',
        params: idParam,
        querystring: feedQuery,
        response,
      },
    },
    async (request, reply) =>
      sendJson(
        reply,
        await stream.spaceFeed(ctx, viewerOf(request), request.params.id, ...asJsonPage(request.query)),
      ),
  );

  app.get(
    '/api/v1/users/:id/feed',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Posts on a person’s profile',
        params: idParam,
        querystring: feedQuery,
        response,
      },
    },
    async (request, reply) =>
      sendJson(
        reply,
        await stream.profileFeed(ctx, viewerOf(request), request.params.id, ...asJsonPage(request.query)),
      ),
  );

  app.get(
    '/api/v1/hashtags/:tag/feed',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Everything tagged #tag that I may see',
        params: hashtagParams,
        querystring: feedQuery,
        response,
      },
    },
    async (request, reply) =>
      sendJson(
        reply,
        await stream.hashtagFeed(ctx, viewerOf(request), request.params.tag, ...asJsonPage(request.query)),
      ),
  );
}
