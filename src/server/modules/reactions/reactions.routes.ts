import { idParam } from '../../../shared/api/common.js';
import { reactionBody, reactionSummary, reactorsResponse } from '../../../shared/api/stream.js';
import type { AppContext } from '../../context.js';
import { type Api, errorResponses, viewerOf } from '../../http/api.js';
import * as reactions from './reactions.service.js';

const tags = ['reactions'];

export function reactionsRoutes(app: Api, ctx: AppContext) {
  app.put(
    '/api/v1/content/:id/reaction',
    {
      config: { access: 'policy' },
      schema: {
        tags,
        summary: 'React (like, love, haha, wow, celebrate, thanks); replaces my earlier reaction',
        params: idParam,
        body: reactionBody,
        response: { 200: reactionSummary, ...errorResponses },
      },
    },
    (request) => reactions.react(ctx, viewerOf(request), request.params.id, request.body.type),
  );

  app.delete(
    '/api/v1/content/:id/reaction',
    {
      config: { access: 'policy' },
      schema: {
        tags,
        summary: 'Take my reaction back',
        params: idParam,
        response: { 200: reactionSummary, ...errorResponses },
      },
    },
    (request) => reactions.unreact(ctx, viewerOf(request), request.params.id),
  );

  app.get(
    '/api/v1/content/:id/reactions',
    {
      config: { access: 'policy' },
      schema: {
        tags,
        summary: 'Who reacted how',
        params: idParam,
        response: { 200: reactorsResponse, ...errorResponses },
      },
    },
    (request) => reactions.whoReacted(ctx, viewerOf(request), request.params.id),
  );
}
