import { z } from 'zod';
import { idCoerced, text } from '../../../shared/api/common.js';
import { attachment } from '../../../shared/api/stream.js';
import type { AppContext } from '../../context.js';
import { type Api, errorResponses, readUpload, viewerOf } from '../../http/api.js';
import * as uploads from './uploads.service.js';

const tags = ['files'];
export const fileParam = z.strictObject({
  id: text().regex(/^[A-Za-z0-9_-]{10,64}$/, 'is not a file id'),
});
const downloadQuery = z.strictObject({
  version: idCoerced.optional(),
  thumbnail: z.enum(['true', 'false']).optional(),
});

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
        summary:
          'Download a file, an older version (`version`) or an image’s thumbnail (`thumbnail=true`); 404 unless the viewer may see what it belongs to',
        params: fileParam,
        querystring: downloadQuery,
      },
    },
    async (request, reply) => {
      const { meta, bytes } = await uploads.readFile(ctx, viewerOf(request), request.params.id, {
        version: request.query.version,
        thumbnail: request.query.thumbnail === 'true',
      });
      // Only our own re-encoded images are shown inline; everything else is a download.
      const disposition = meta.kind === 'image' ? 'inline' : 'attachment';
      return reply
        .header('content-type', meta.mime)
        .header('content-disposition', `${disposition}; filename*=UTF-8''${encodeURIComponent(meta.name)}`)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, max-age=86400')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .send(bytes);
    },
  );
}
