import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  authProviders,
  oidcLoginQuery,
  oidcSettings,
  updateOidcSettingsBody,
} from '../../../shared/api/identity.js';
import type { AppContext } from '../../context.js';
import { type Api, errorResponses } from '../../http/api.js';
import { AppError } from '../../http/errors.js';
import { clearSessionCookie, setSessionCookie } from '../../http/session-cookie.js';
import { publicBaseUrl } from '../../http/urls.js';
import { logout } from '../auth/auth.service.js';
import {
  beginLogin,
  endSessionUrl,
  finishLogin,
  OIDC_STATE_COOKIE,
  authProviders as providersOf,
} from './oidc.service.js';
import { getOidcSettings, updateOidcSettings } from './oidc.settings.js';

const tags = ['identity'];

/** Failed browser logins land on the login page, which shows the error code's message. */
function loginPageWithError(request: FastifyRequest, error: unknown) {
  // Expected refusals (deactivated, unverified e-mail…) are not faults of the server.
  if (error instanceof AppError) request.log.info({ code: error.code }, 'single sign-on refused');
  else request.log.warn({ err: error }, 'single sign-on failed');
  const code = error instanceof AppError ? error.code : 'sso_failed';
  return `/login?error=${encodeURIComponent(code)}`;
}

export function oidcRoutes(app: Api, ctx: AppContext) {
  const stateCookie = {
    path: '/auth/oidc',
    httpOnly: true,
    // The provider sends the browser back with a top-level GET, which `lax` cookies accompany.
    sameSite: 'lax' as const,
    secure: ctx.config.publicUrl?.startsWith('https://') ?? false,
    maxAge: 600,
  };

  app.get(
    '/api/v1/auth/providers',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'The ways to log in that the login page offers',
        response: { 200: authProviders },
      },
    },
    async () => providersOf(ctx),
  );

  app.get(
    '/auth/oidc/login',
    {
      config: { access: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Start single sign-on: redirects to the provider',
        querystring: oidcLoginQuery,
      },
    },
    async (request, reply) => {
      try {
        const { redirectUrl, state } = await beginLogin(
          ctx,
          await publicBaseUrl(ctx),
          request.query.returnTo,
        );
        reply.setCookie(OIDC_STATE_COOKIE, state, stateCookie);
        return reply.redirect(redirectUrl, 302);
      } catch (error) {
        return reply.redirect(loginPageWithError(request, error), 302);
      }
    },
  );

  app.get(
    '/auth/oidc/callback',
    {
      config: { access: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: { tags, summary: 'Where the provider sends the browser back; sets the session cookie' },
    },
    async (request, reply) => {
      const cookie = request.cookies[OIDC_STATE_COOKIE];
      reply.clearCookie(OIDC_STATE_COOKIE, { path: stateCookie.path });
      try {
        const callbackUrl = new URL(request.url, 'http://callback.invalid');
        const { secret, returnTo } = await finishLogin(
          ctx,
          await publicBaseUrl(ctx),
          callbackUrl,
          cookie,
          request.headers['user-agent'] ?? '',
        );
        setSessionCookie(ctx, reply, secret);
        return reply.redirect(returnTo, 302);
      } catch (error) {
        return reply.redirect(loginPageWithError(request, error), 302);
      }
    },
  );

  app.post(
    '/api/v1/auth/logout',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Log out of this browser; names the provider’s logout page when the session came from SSO',
        response: { 200: z.object({ redirectUrl: z.string().nullable() }) },
      },
    },
    async (request, reply) => {
      const redirectUrl = await endSessionUrl(ctx, request.viewer, await publicBaseUrl(ctx));
      if (request.viewer) await logout(ctx, request.viewer);
      clearSessionCookie(reply);
      return { redirectUrl };
    },
  );

  app.get(
    '/api/v1/admin/identity/oidc',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Single sign-on settings (the client secret is never shown)',
        response: { 200: oidcSettings, ...errorResponses },
      },
    },
    async () => getOidcSettings(ctx, await publicBaseUrl(ctx)),
  );

  app.put(
    '/api/v1/admin/identity/oidc',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Change the single sign-on settings; leave out clientSecret to keep the stored one',
        body: updateOidcSettingsBody,
        response: { 200: oidcSettings, ...errorResponses },
      },
    },
    async (request) => updateOidcSettings(ctx, request.body, await publicBaseUrl(ctx)),
  );
}
