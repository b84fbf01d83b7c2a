import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { type Api, errorResponses, readUpload, viewerOf } from '../../http/api.js';
import { importPeople } from './people-import.service.js';

const flag = z
  .enum(['true', 'false', '1', '0'])
  .optional()
  .transform((value) => value === 'true' || value === '1');

export const importResult = z.object({
  lines: z.array(
    z.object({
      line: z.number(),
      ok: z.boolean(),
      error: z.string().optional(),
      action: z.enum(['create', 'update']).optional(),
    }),
  ),
  created: z.number(),
  updated: z.number(),
  written: z.boolean(),
});

export function peopleImportRoutes(app: Api, ctx: AppContext) {
  app.post(
    '/api/v1/admin/people/import',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['identity'],
        summary:
          'Import people from a CSV file (columns by header: name, email, personnel_number, title, department, location, phone, manager_email)',
        querystring: z.object({ dryRun: flag, skipBadLines: flag }),
        response: { 200: importResult, ...errorResponses },
      },
    },
    async (request) => {
      const { bytes } = await readUpload(request, 5 * 1024 * 1024);
      const { userIds: _ids, ...result } = await importPeople(ctx, viewerOf(request), bytes, request.query);
      return result;
    },
  );
}
