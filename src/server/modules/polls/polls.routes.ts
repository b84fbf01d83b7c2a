import { contentIdParam, voteBody } from '../../../shared/api/polls.js';
import type { AppContext } from '../../context.js';
import { type Api, errorResponses, viewerOf } from '../../http/api.js';
import * as polls from './polls.service.js';

const tags = ['polls'];

/** Voting; polls themselves are created through the post endpoints with a `poll` field. */
export function pollsRoutes(app: Api, ctx: AppContext) {
  app.put(
    '/api/v1/polls/:contentId/vote',
    {
      config: { access: 'policy' },
      schema: {
        tags,
        summary: 'Vote, or change my vote (not in anonymous polls: a vote there is final)',
        params: contentIdParam,
        body: voteBody,
        response: { 200: ctx.kinds.itemSchema, ...errorResponses },
      },
    },
    (request) => polls.vote(ctx, viewerOf(request), request.params.contentId, request.body.optionIds),
  );

  app.delete(
    '/api/v1/polls/:contentId/vote',
    {
      config: { access: 'policy' },
      schema: {
        tags,
        summary: 'Withdraw my vote while the poll is open (refused in anonymous polls)',
        params: contentIdParam,
        response: { 200: ctx.kinds.itemSchema, ...errorResponses },
      },
    },
    (request) => polls.withdraw(ctx, viewerOf(request), request.params.contentId),
  );
}
