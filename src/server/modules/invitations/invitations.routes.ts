import { z } from 'zod';
import {
  acceptInvitationBody,
  createdInvitation,
  createInvitationBody,
  invitationInfo,
  invitationPreview,
  invitationTokenParam,
} from '../../../shared/api/auth.js';
import { idParam } from '../../../shared/api/common.js';
import { me } from '../../../shared/api/users.js';
import type { AppContext } from '../../context.js';
import { type Api, errorResponses, viewerOf } from '../../http/api.js';
import { setSessionCookie } from '../../http/session-cookie.js';
import { getMe } from '../users/users.service.js';
import * as invitations from './invitations.service.js';

const tags = ['invitations'];
const gone = { 410: errorResponses[404] };

export function invitationsRoutes(app: Api, ctx: AppContext) {
  app.post(
    '/api/v1/invitations',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Invite someone by e-mail (admin); returns the link too',
        body: createInvitationBody,
        response: { 201: createdInvitation, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await invitations.invite(ctx, viewerOf(request), request.body.email, request.body.role)),
  );

  app.get(
    '/api/v1/invitations',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Open invitations (admin)',
        response: { 200: z.object({ items: z.array(invitationInfo) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await invitations.listOpen(ctx, viewerOf(request)) }),
  );

  app.delete(
    '/api/v1/invitations/:id',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Revoke an open invitation (admin)',
        params: idParam,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await invitations.revoke(ctx, viewerOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/invitations/:token',
    {
      // Generous per IP: a whole office behind one address accepts its invitations on the same morning.
      config: { access: 'public', rateLimit: { max: 120, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Who an invitation link is for',
        params: invitationTokenParam,
        response: { 200: invitationPreview, ...gone, ...errorResponses },
      },
    },
    (request) => invitations.preview(ctx, request.params.token),
  );

  app.post(
    '/api/v1/invitations/:token/accept',
    {
      config: { access: 'public', originCheck: true, rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Accept an invitation: set name and password, and log in',
        params: invitationTokenParam,
        body: acceptInvitationBody,
        response: { 201: me, ...gone, ...errorResponses },
      },
    },
    async (request, reply) => {
      const locale = request.headers['accept-language']?.toLowerCase().startsWith('en') ? 'en' : null;
      const { userId, secret } = await invitations.accept(
        ctx,
        request.params.token,
        request.body.name,
        request.body.password,
        locale,
        request.headers['user-agent'] ?? '',
      );
      setSessionCookie(ctx, reply, secret);
      return reply.status(201).send(await getMe(ctx, { id: userId }));
    },
  );
}
