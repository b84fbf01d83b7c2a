import { z } from 'zod';
import { idParam, text } from '../../../shared/api/common.js';
import {
  addMemberBody,
  createSpaceBody,
  listMembersQuery,
  listSpacesQuery,
  memberPage,
  memberParams,
  space,
  spacePage,
  updateMemberBody,
  updateSpaceBody,
} from '../../../shared/api/spaces.js';
import type { AppContext } from '../../context.js';
import { type Api, errorResponses, readUpload, sendImage, viewerOf } from '../../http/api.js';
import { readSpaceAvatar, setSpaceAvatar } from './space-avatars.service.js';
import * as spaces from './spaces.service.js';

const tags = ['spaces'];

export function spacesRoutes(app: Api, ctx: AppContext) {
  app.post(
    '/api/v1/spaces',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Create a space (the creator becomes its admin)',
        body: createSpaceBody,
        response: { 201: space, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await spaces.createSpace(ctx, viewerOf(request), request.body)),
  );

  app.get(
    '/api/v1/spaces',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Space directory; `mine=true` for my spaces',
        querystring: listSpacesQuery,
        response: { 200: spacePage, ...errorResponses },
      },
    },
    (request) => spaces.listSpaces(ctx, viewerOf(request), request.query),
  );

  app.get(
    '/api/v1/spaces/:id',
    {
      config: { access: 'policy' },
      schema: {
        tags,
        summary: 'A space (404 for secret spaces the viewer is not in)',
        params: idParam,
        response: { 200: space, ...errorResponses },
      },
    },
    (request) => spaces.getSpace(ctx, viewerOf(request), request.params.id),
  );

  app.patch(
    '/api/v1/spaces/:id',
    {
      config: { access: 'policy' },
      schema: {
        tags,
        summary: 'Change, archive or make mandatory (space admins; mandatory: organisation admins)',
        params: idParam,
        body: updateSpaceBody,
        response: { 200: space, ...errorResponses },
      },
    },
    (request) => spaces.updateSpace(ctx, viewerOf(request), request.params.id, request.body),
  );

  app.delete(
    '/api/v1/spaces/:id',
    {
      config: { access: 'policy' },
      schema: {
        tags,
        summary: 'Delete a space with all its content (space admins)',
        params: idParam,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await spaces.deleteSpace(ctx, viewerOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/spaces/:id/members',
    {
      config: { access: 'policy' },
      schema: {
        tags,
        summary: 'Members, requests (`status=requested`) or invitations (`status=invited`)',
        params: idParam,
        querystring: listMembersQuery,
        response: { 200: memberPage, ...errorResponses },
      },
    },
    (request) => spaces.listMembers(ctx, viewerOf(request), request.params.id, request.query),
  );

  app.post(
    '/api/v1/spaces/:id/members',
    {
      config: { access: 'policy' },
      schema: {
        tags,
        summary:
          'Join / request to join / accept an invitation; with userId: invite or approve (space admins)',
        params: idParam,
        body: addMemberBody,
        response: { 200: space, ...errorResponses },
      },
    },
    (request) => spaces.addMember(ctx, viewerOf(request), request.params.id, request.body.userId),
  );

  app.patch(
    '/api/v1/spaces/:id/members/:userId',
    {
      config: { access: 'policy' },
      schema: {
        tags,
        summary: 'Change a member’s role (space admins)',
        params: memberParams,
        body: updateMemberBody,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await spaces.changeRole(
        ctx,
        viewerOf(request),
        request.params.id,
        request.params.userId,
        request.body.role,
      );
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/api/v1/spaces/:id/members/:userId',
    {
      config: { access: 'policy' },
      schema: {
        tags,
        summary: 'Leave; or remove, decline, withdraw (space admins)',
        params: memberParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await spaces.removeMember(ctx, viewerOf(request), request.params.id, request.params.userId);
      return reply.status(204).send(null);
    },
  );

  app.put(
    '/api/v1/spaces/:id/avatar',
    {
      config: { access: 'policy' },
      schema: {
        tags,
        summary: 'Upload the space’s picture (space admins; multipart, field "file")',
        params: idParam,
        response: { 200: space, ...errorResponses },
      },
    },
    async (request) => {
      const { bytes } = await readUpload(request, ctx.config.maxUploadBytes);
      return setSpaceAvatar(ctx, viewerOf(request), request.params.id, bytes);
    },
  );

  app.delete(
    '/api/v1/spaces/:id/avatar',
    {
      config: { access: 'policy' },
      schema: {
        tags,
        summary: 'Remove the space’s picture (space admins)',
        params: idParam,
        response: { 200: space, ...errorResponses },
      },
    },
    (request) => setSpaceAvatar(ctx, viewerOf(request), request.params.id, null),
  );

  app.get(
    '/api/v1/spaces/:id/avatar',
    {
      config: { access: 'policy' },
      schema: {
        tags,
        summary: 'The space’s picture (WebP)',
        params: idParam,
        querystring: z.strictObject({ v: text().max(100).optional() }),
      },
    },
    async (request, reply) =>
      sendImage(reply, await readSpaceAvatar(ctx, viewerOf(request), request.params.id)),
  );
}
