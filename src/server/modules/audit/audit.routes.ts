import { auditPage, auditQuery } from '../../../shared/api/audit.js';
import type { AppContext } from '../../context.js';
import { type Api, errorResponses, viewerOf } from '../../http/api.js';
import * as audit from './audit.service.js';

export function auditRoutes(app: Api, ctx: AppContext) {
  app.get(
    '/api/v1/admin/audit',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['administration'],
        summary: 'The audit trail (e.g. spaces made public), newest first',
        querystring: auditQuery,
        response: { 200: auditPage, ...errorResponses },
      },
    },
    (request) => audit.listAudit(ctx, viewerOf(request), request.query),
  );
}
