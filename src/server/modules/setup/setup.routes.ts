import { z } from 'zod';
import { setupBody } from '../../../shared/api/auth.js';
import { me } from '../../../shared/api/users.js';
import type { AppContext } from '../../context.js';
import { type Api, errorResponses } from '../../http/api.js';
import { setSessionCookie } from '../../http/session-cookie.js';
import { setupBaseUrl } from '../../http/urls.js';
import { getMe } from '../users/users.service.js';
import * as setup from './setup.service.js';

const tags = ['setup'];

export function setupRoutes(app: Api, ctx: AppContext) {
  app.get(
    '/api/v1/setup',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Whether this installation still needs its first setup',
        response: { 200: z.object({ required: z.boolean() }) },
      },
    },
    async () => ({ required: await setup.setupRequired(ctx) }),
  );

  app.post(
    '/api/v1/setup',
    {
      config: {
        access: 'public',
        originCheck: true,
        rateLimit: { max: 10, timeWindow: '1 minute' },
        longRunning: true,
      },
      schema: {
        tags,
        summary: 'First start: create the organisation and its first admin (works once)',
        body: setupBody,
        response: { 201: me, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { adminId, secret } = await setup.runSetup(
        ctx,
        request.body,
        request.headers['user-agent'] ?? '',
        setupBaseUrl(request),
      );
      setSessionCookie(ctx, reply, secret);
      return reply.status(201).send(await getMe(ctx, { id: adminId }));
    },
  );
}
