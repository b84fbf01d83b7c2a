import { z } from 'zod';
import { idParam } from '../../../shared/api/common.js';
import { pinBody, postBody, updatePostBody } from '../../../shared/api/stream.js';
import type { AppContext } from '../../context.js';
import { type Api, errorResponses, viewerOf } from '../../http/api.js';
import { getItem } from '../stream/stream.service.js';
import * as content from './content.service.js';

const tags = ['posts'];

export function contentRoutes(app: Api, ctx: AppContext) {
  // Items of every registered kind (kinds/registry.ts).
  const feedItem = ctx.kinds.itemSchema;
  // A post body may carry one field a kind claims (kinds/registry.ts ContentExtension), e.g. `poll`.
  const createBody = postBody.extend(ctx.kinds.createFields('post')) as unknown as typeof postBody;
  app.post(
    '/api/v1/spaces/:id/posts',
    {
      config: { access: 'policy' },
      schema: {
        tags,
        summary: 'Post in a space (members)',
        params: idParam,
        body: createBody,
        response: { 201: feedItem, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await content.createPost(ctx, viewerOf(request), { spaceId: request.params.id }, request.body)),
  );

  app.post(
    '/api/v1/users/:id/posts',
    {
      config: { access: 'policy' },
      schema: {
        tags,
        summary: 'Post on my own profile',
        params: idParam,
        body: createBody,
        response: { 201: feedItem, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await content.createPost(
            ctx,
            viewerOf(request),
            { profileUserId: request.params.id },
            request.body,
          ),
        ),
  );

  app.get(
    '/api/v1/content/:id',
    {
      config: { access: 'policy' },
      schema: {
        tags,
        summary: 'One item, fully hydrated (404 when not visible)',
        params: idParam,
        response: { 200: feedItem, ...errorResponses },
      },
    },
    (request) => getItem(ctx, viewerOf(request), request.params.id),
  );

  app.patch(
    '/api/v1/content/:id',
    {
      config: { access: 'policy' },
      schema: {
        tags,
        summary: 'Edit a post (author); marked as edited',
        params: idParam,
        body: updatePostBody,
        response: { 200: feedItem, ...errorResponses },
      },
    },
    (request) => content.updatePost(ctx, viewerOf(request), request.params.id, request.body),
  );

  app.delete(
    '/api/v1/content/:id',
    {
      config: { access: 'policy' },
      schema: {
        tags,
        summary:
          'Delete an item of any kind, by its kind’s own rule (posts: author, space admins, organisation admins; articles: their editors)',
        params: idParam,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await content.deleteContent(ctx, viewerOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/content/:id/pin',
    {
      config: { access: 'policy' },
      schema: {
        tags,
        summary: 'Pin to or unpin from the top of its space (space admins)',
        params: idParam,
        body: pinBody,
        response: { 200: feedItem, ...errorResponses },
      },
    },
    (request) => content.pinContent(ctx, viewerOf(request), request.params.id, request.body.pinned),
  );
}
