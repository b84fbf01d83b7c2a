import { z } from 'zod';
import {
  changePasswordBody,
  loginBody,
  passwordResetConfirmBody,
  passwordResetRequestBody,
} from '../../../shared/api/auth.js';
import { me } from '../../../shared/api/users.js';
import type { AppContext } from '../../context.js';
import { type Api, errorResponses, viewerOf } from '../../http/api.js';
import { clearSessionCookie, setSessionCookie } from '../../http/session-cookie.js';
import { refuseIfSsoOnly } from '../identity/oidc.service.js';
import { getMe } from '../users/users.service.js';
import * as auth from './auth.service.js';

const tags = ['session'];
const accepted = z.object({ ok: z.literal(true) });
const strictLimit = { max: 10, timeWindow: '1 minute' };

export function authRoutes(app: Api, ctx: AppContext) {
  app.post(
    '/api/v1/session',
    {
      config: { access: 'public', originCheck: true },
      schema: {
        tags,
        summary: 'Log in with e-mail and password; sets the session cookie',
        body: loginBody,
        response: { 200: me, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { userId, secret } = await auth.login(
        ctx,
        request.body.email,
        request.body.password,
        request.ip,
        request.headers['user-agent'] ?? '',
      );
      await refuseIfSsoOnly(ctx, userId, secret);
      setSessionCookie(ctx, reply, secret);
      return getMe(ctx, { id: userId });
    },
  );

  app.delete(
    '/api/v1/session',
    {
      config: { access: 'public' },
      schema: { tags, summary: 'Log out of this browser', response: { 204: z.null() } },
    },
    async (request, reply) => {
      if (request.viewer) await auth.logout(ctx, request.viewer);
      clearSessionCookie(reply);
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/api/v1/sessions',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Log out everywhere: ends all of my sessions',
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await auth.logoutEverywhere(ctx, viewerOf(request));
      clearSessionCookie(reply);
      return reply.status(204).send(null);
    },
  );

  app.put(
    '/api/v1/me/password',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Change my password; ends my other sessions, all my access tokens and open reset links',
        body: changePasswordBody,
        response: { 200: accepted, ...errorResponses },
      },
    },
    async (request) => {
      await auth.changePassword(
        ctx,
        viewerOf(request),
        request.body.currentPassword,
        request.body.newPassword,
      );
      return { ok: true as const };
    },
  );

  app.post(
    '/api/v1/password-reset',
    {
      config: { access: 'public', rateLimit: strictLimit },
      schema: {
        tags,
        summary: 'Mail a password-reset link (same answer whether or not the address exists)',
        body: passwordResetRequestBody,
        response: { 202: accepted, ...errorResponses },
      },
    },
    async (request, reply) => {
      auth.requestPasswordReset(ctx, request.body.email);
      return reply.status(202).send({ ok: true as const });
    },
  );

  app.post(
    '/api/v1/password-reset/confirm',
    {
      config: { access: 'public', rateLimit: strictLimit },
      schema: {
        tags,
        summary: 'Set a new password with the link’s token',
        body: passwordResetConfirmBody,
        response: { 200: accepted, 410: errorResponses[404], ...errorResponses },
      },
    },
    async (request) => {
      await auth.confirmPasswordReset(ctx, request.body.token, request.body.password);
      return { ok: true as const };
    },
  );
}
