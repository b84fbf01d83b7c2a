import { z } from 'zod';
import { createdToken, createTokenBody, tokenInfo } from '../../../shared/api/auth.js';
import { idParam } from '../../../shared/api/common.js';
import type { AppContext } from '../../context.js';
import { type Api, errorResponses, viewerOf } from '../../http/api.js';
import * as tokens from './tokens.service.js';

const tags = ['access tokens'];

export function tokensRoutes(app: Api, ctx: AppContext) {
  app.get(
    '/api/v1/tokens',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'My personal access tokens',
        response: { 200: z.object({ items: z.array(tokenInfo) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await tokens.listTokens(ctx, viewerOf(request)) }),
  );

  app.post(
    '/api/v1/tokens',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Create a personal access token (shown once)',
        body: createTokenBody,
        response: { 201: createdToken, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await tokens.createToken(ctx, viewerOf(request), request.body.name, request.body.scope)),
  );

  app.delete(
    '/api/v1/tokens/:id',
    {
      config: { access: 'policy' },
      schema: {
        tags,
        summary: 'Revoke one of my access tokens',
        params: idParam,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await tokens.revokeToken(ctx, viewerOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
