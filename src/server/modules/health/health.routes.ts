import { z } from 'zod';
import { errorResponse } from '../../../shared/api/common.js';
import { liveness, readiness } from '../../../shared/api/health.js';
import type { AppContext } from '../../context.js';
import type { Api } from '../../http/api.js';
import * as health from './health.service.js';

const tags = ['health'];

export function healthRoutes(app: Api, ctx: AppContext, state: health.HealthState) {
  app.get(
    '/api/health/live',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Liveness: the process is up and answers (touches neither database nor storage)',
        response: { 200: liveness },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  const ready = async (_request: unknown, reply: { status(code: number): unknown }) => {
    const result = await health.readiness(ctx, state);
    reply.status(result.failing.length > 0 ? 503 : 200);
    return result;
  };
  const readySchema = {
    tags,
    summary:
      'Readiness: database and storage take a real write. 503 names the failing parts; Redis being away is degraded (200, `redis: "down"`)',
    // 503 also when the request itself could not be served (e.g. a session cookie on a hung database).
    response: { 200: readiness, 503: z.union([readiness, errorResponse]) },
  };
  app.get('/api/health/ready', { config: { access: 'public' }, schema: readySchema }, ready);
  // The original address stays, with the meaning of readiness.
  app.get(
    '/api/health',
    { config: { access: 'public' }, schema: { ...readySchema, summary: 'Same as /api/health/ready' } },
    ready,
  );
}
