import { organisation, updateOrganisationBody } from '../../../shared/api/auth.js';
import type { AppContext } from '../../context.js';
import { type Api, errorResponses, readUpload, sendImage, viewerOf } from '../../http/api.js';
import * as service from './organisation.service.js';

const tags = ['organisation'];

export function organisationRoutes(app: Api, ctx: AppContext) {
  app.get(
    '/api/v1/organisation',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Name, colour, logo and whether setup is still needed',
        response: { 200: organisation },
      },
    },
    () => service.getOrganisation(ctx),
  );

  app.patch(
    '/api/v1/organisation',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Change the branding (admin)',
        body: updateOrganisationBody,
        response: { 200: organisation, ...errorResponses },
      },
    },
    (request) => service.updateBranding(ctx, viewerOf(request), request.body),
  );

  app.put(
    '/api/v1/organisation/logo',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Upload the logo (admin; multipart, field "file")',
        response: { 200: organisation, ...errorResponses },
      },
    },
    async (request) => {
      const { bytes } = await readUpload(request, ctx.config.maxUploadBytes);
      return service.setLogo(ctx, viewerOf(request), bytes);
    },
  );

  app.delete(
    '/api/v1/organisation/logo',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Remove the logo (admin)',
        response: { 200: organisation, ...errorResponses },
      },
    },
    (request) => service.setLogo(ctx, viewerOf(request), null),
  );

  app.get(
    '/api/v1/organisation/logo',
    {
      config: { access: 'public' },
      schema: { tags, summary: 'The logo (WebP)' },
    },
    async (_request, reply) => sendImage(reply, await service.readLogo(ctx), 'public'),
  );
}
