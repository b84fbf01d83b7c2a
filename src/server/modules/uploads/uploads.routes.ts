import { z } from 'zod';
import { attachment } from '../../../shared/api/stream.js';
import type { AppContext } from '../../context.js';
import { type Api, errorResponses, readUpload, viewerOf } from '../../http/api.js';
import * as uploads from './uploads.service.js';

const tags = ['files'];
const fileParam = z.strictObject({ id: z.string().regex(/^[A-Za-z0-9_-]{10,64}$/, 'is not a file id') });

export function uploadsRoutes(app: Api, ctx: AppContext) {
  app.post(
    '/api/v1/uploads',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary:
          'Upload a file (multipart, field "file") to attach to a post; images are re-encoded without metadata',
        response: { 201: attachment, ...errorResponses },
      },
    },
    async (request, reply) => {
      const upload = await readUpload(request, ctx.config.maxUploadBytes);
      return reply.status(201).send(await uploads.storeUpload(ctx, viewerOf(request), upload));
    },
  );

  app.get(
    '/api/v1/files/:id/download',
    {
      config: { access: 'policy' },
      schema: {
        tags,
        summary: 'Download a file (404 unless the viewer may see what it is attached to)',
        params: fileParam,
      },
    },
    async (request, reply) => {
      const { file, bytes } = await uploads.readFile(ctx, viewerOf(request), request.params.id);
      // Only our own re-encoded images are shown inline; everything else is a download.
      const disposition = file.kind === 'image' ? 'inline' : 'attachment';
      return reply
        .header('content-type', file.mime)
        .header('content-disposition', `${disposition}; filename*=UTF-8''${encodeURIComponent(file.name)}`)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, max-age=86400')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .send(bytes);
    },
  );
}
