import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { type Api, errorResponses, viewerOf } from '../../http/api.js';
import { orgChart, orgNode } from './org-chart.service.js';

export function orgChartRoutes(app: Api, ctx: AppContext) {
  app.get(
    '/api/v1/org-chart',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['people'],
        summary:
          'The org chart: the tree below rootId, or from the top — the one person without a manager, or (when several have none) the organisation as node id 0 with them as its reports',
        querystring: z.object({ rootId: z.coerce.number().int().positive().optional() }),
        response: { 200: orgNode, ...errorResponses },
      },
    },
    async (request) => orgChart(ctx, viewerOf(request), request.query.rootId),
  );
}
