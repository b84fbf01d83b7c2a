import { z } from 'zod';
import { idParam } from '../../../shared/api/common.js';
import type { AppContext } from '../../context.js';
import { type Api, errorResponses, viewerOf } from '../../http/api.js';
import { setFollowing } from './follows.service.js';

const tags = ['people'];
const response = { 200: z.object({ following: z.boolean() }), ...errorResponses };

export function followsRoutes(app: Api, ctx: AppContext) {
  app.post(
    '/api/v1/users/:id/follow',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Follow a person: their profile posts appear in my home feed',
        params: idParam,
        response,
      },
    },
    (request) => setFollowing(ctx, viewerOf(request), request.params.id, true),
  );

  app.delete(
    '/api/v1/users/:id/follow',
    {
      config: { access: 'authenticated' },
      schema: { tags, summary: 'Stop following a person', params: idParam, response },
    },
    (request) => setFollowing(ctx, viewerOf(request), request.params.id, false),
  );
}
