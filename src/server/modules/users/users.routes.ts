import { z } from 'zod';
import { idParam, text } from '../../../shared/api/common.js';
import {
  directoryFacets,
  listUsersQuery,
  me,
  updateMeBody,
  updateUserBody,
  userPage,
  userProfile,
} from '../../../shared/api/users.js';
import type { AppContext } from '../../context.js';
import { type Api, errorResponses, readUpload, sendImage, viewerOf } from '../../http/api.js';
import * as avatars from './avatars.service.js';
import * as users from './users.service.js';

const tags = ['people'];
const avatarQuery = z.strictObject({
  size: z.coerce
    .number()
    .pipe(z.union([z.literal(64), z.literal(256)]))
    .default(256),
  v: text().max(100).optional(),
});

export function usersRoutes(app: Api, ctx: AppContext) {
  app.get(
    '/api/v1/me',
    {
      config: { access: 'authenticated' },
      schema: { tags, summary: 'My own profile', response: { 200: me, ...errorResponses } },
    },
    (request) => users.getMe(ctx, viewerOf(request)),
  );

  app.patch(
    '/api/v1/me',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Edit my own profile and settings',
        body: updateMeBody,
        response: { 200: me, ...errorResponses },
      },
    },
    (request) => users.updateMe(ctx, viewerOf(request), request.body),
  );

  app.put(
    '/api/v1/me/avatar',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Upload my profile picture (multipart, field "file")',
        response: { 200: me, ...errorResponses },
      },
    },
    async (request) => {
      const viewer = viewerOf(request);
      const { bytes } = await readUpload(request, ctx.config.maxUploadBytes);
      await avatars.setAvatar(ctx, viewer, viewer.id, bytes);
      return users.getMe(ctx, viewer);
    },
  );

  app.delete(
    '/api/v1/me/avatar',
    {
      config: { access: 'authenticated' },
      schema: { tags, summary: 'Remove my profile picture', response: { 200: me, ...errorResponses } },
    },
    async (request) => {
      const viewer = viewerOf(request);
      await avatars.removeAvatar(ctx, viewer, viewer.id);
      return users.getMe(ctx, viewer);
    },
  );

  app.get(
    '/api/v1/users',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'People directory',
        querystring: listUsersQuery,
        response: { 200: userPage, ...errorResponses },
      },
    },
    (request) => users.listUsers(ctx, viewerOf(request), request.query),
  );

  app.get(
    '/api/v1/users/facets',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Departments and locations for the directory filters',
        response: { 200: directoryFacets, ...errorResponses },
      },
    },
    (request) => users.directoryFacets(ctx, viewerOf(request)),
  );

  app.get(
    '/api/v1/users/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'A person’s profile',
        params: idParam,
        response: { 200: userProfile, ...errorResponses },
      },
    },
    (request) => users.getProfile(ctx, viewerOf(request), request.params.id),
  );

  app.patch(
    '/api/v1/users/:id',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Edit anyone’s profile, e-mail or role (admin)',
        params: idParam,
        body: updateUserBody,
        response: { 200: userProfile, ...errorResponses },
      },
    },
    (request) => users.updateUser(ctx, viewerOf(request), request.params.id, request.body),
  );

  app.put(
    '/api/v1/users/:id/avatar',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Upload someone’s profile picture (admin)',
        params: idParam,
        response: { 200: userProfile, ...errorResponses },
      },
    },
    async (request) => {
      const viewer = viewerOf(request);
      const { bytes } = await readUpload(request, ctx.config.maxUploadBytes);
      await avatars.setAvatar(ctx, viewer, request.params.id, bytes);
      return users.getProfile(ctx, viewer, request.params.id);
    },
  );

  app.get(
    '/api/v1/users/:id/avatar',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'A person’s profile picture (WebP)',
        params: idParam,
        querystring: avatarQuery,
      },
    },
    async (request, reply) =>
      sendImage(
        reply,
        await avatars.readAvatar(ctx, viewerOf(request), request.params.id, request.query.size),
      ),
  );

  for (const [action, status] of [
    ['deactivate', 'deactivated'],
    ['reactivate', 'active'],
  ] as const) {
    app.post(
      `/api/v1/users/:id/${action}`,
      {
        config: { access: 'admin' },
        schema: {
          tags,
          summary: `${action === 'deactivate' ? 'Deactivate' : 'Reactivate'} an account (admin)`,
          params: idParam,
          response: { 200: userProfile, ...errorResponses },
        },
      },
      (request) => users.setStatus(ctx, viewerOf(request), request.params.id, status),
    );
  }
}
