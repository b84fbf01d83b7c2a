import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import type { AppContext } from '../context.js';
import { DAY, HOUR, isoIn, isoNow } from '../lib/clock.js';
import { hashSecret } from '../lib/secrets.js';
import * as authRepo from '../modules/auth/auth.repo.js';
import { fail } from './errors.js';
import type { Viewer } from './viewer.js';

/**
 * Every route declares who may call it:
 * - public: anyone, logged in or not;
 * - authenticated: any active user;
 * - admin: organisation admins;
 * - policy: any active user, and the service decides per object (its first line checks).
 */
export type AccessRule = 'public' | 'authenticated' | 'admin' | 'policy';
export const accessRules: readonly AccessRule[] = ['public', 'authenticated', 'admin', 'policy'];

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: AccessRule;
  }
  interface FastifyRequest {
    viewer: Viewer | null;
  }
}

export const SESSION_COOKIE = 'kantine_session';

/** What a session opened by an access code may do before its person has set a password. */
const allowedWhileSettingCredential = new Set([
  'GET /api/v1/me',
  'POST /api/v1/access-codes/password',
  'DELETE /api/v1/session',
]);
const routeKey = (request: FastifyRequest) => `${request.method} ${request.routeOptions.url}`;
export const SESSION_LIFETIME = 30 * DAY;

/** Routes that plugins register themselves (the API docs UI, the web app's static files) are public by nature. */
const isPluginRoute = (url: string) => url === '/*' || url === '/api/docs' || url.startsWith('/api/docs/');

export interface RegisteredRoute {
  method: string;
  url: string;
  access: AccessRule | undefined;
}

export function registerAccess(app: FastifyInstance, ctx: AppContext): RegisteredRoute[] {
  const registered: RegisteredRoute[] = [];
  app.decorateRequest('viewer', null);

  app.addHook('onRoute', (route: RouteOptions) => {
    const config = (route.config ?? {}) as { access?: AccessRule };
    if (!config.access && isPluginRoute(route.url)) {
      route.config = { ...config, access: 'public' };
    }
    const access = (route.config as { access?: AccessRule } | undefined)?.access;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) registered.push({ method, url: route.url, access });
    if (!access || !accessRules.includes(access)) {
      throw new Error(`Route ${methods.join(',')} ${route.url} declares no access rule`);
    }
  });

  app.addHook('onRequest', async (request) => {
    request.viewer = await resolveViewer(ctx, request);
    checkCsrf(ctx, request);
    const access = request.routeOptions.config?.access;
    if (!access || access === 'public') return;
    if (!request.viewer) throw fail.unauthorized();
    if (request.viewer.mustSetCredential && !allowedWhileSettingCredential.has(routeKey(request))) {
      throw fail.forbidden('Set a password first.', 'credential_required');
    }
    if (request.viewer.scope === 'read' && !['GET', 'HEAD'].includes(request.method)) {
      throw fail.forbidden('This access token may only read.', 'insufficient_scope');
    }
    if (access === 'admin' && request.viewer.role !== 'admin')
      throw fail.forbidden('Only administrators may do this.');
  });

  return registered;
}

async function resolveViewer(ctx: AppContext, request: FastifyRequest): Promise<Viewer | null> {
  const { db } = ctx.database;
  const now = isoNow(ctx.clock);
  // SCIM clients carry their own provisioning tokens, checked by the SCIM routes.
  const bearer = request.url.startsWith('/scim/') ? undefined : bearerToken(request);
  if (bearer) {
    const row = await authRepo.findTokenViewer(db, hashSecret(bearer));
    if (!row) throw fail.unauthorized('The access token is invalid or revoked.');
    if (!row.last_used_at || row.last_used_at < isoIn(ctx.clock, -HOUR))
      await authRepo.touchToken(db, row.token_id, now);
    return {
      id: row.id,
      role: row.role,
      name: row.name,
      handle: row.handle,
      locale: row.locale,
      via: 'token',
      scope: row.scope,
    };
  }
  const cookie = request.cookies[SESSION_COOKIE];
  if (!cookie) return null;
  const sessionId = hashSecret(cookie);
  const row = await authRepo.findSessionViewer(db, sessionId, now);
  if (!row) return null;
  // Sliding expiry, written at most hourly so that reads stay reads.
  if (row.last_seen_at < isoIn(ctx.clock, -HOUR)) {
    await authRepo.touchSession(db, sessionId, now, isoIn(ctx.clock, SESSION_LIFETIME));
  }
  return {
    id: row.id,
    role: row.role,
    name: row.name,
    handle: row.handle,
    locale: row.locale,
    via: 'session',
    scope: 'write',
    sessionId,
    ...(row.restriction ? { mustSetCredential: true } : {}),
  };
}

/** `Authorization: Bearer …`, or `?token=` on the live endpoint (browsers cannot set headers on WebSockets). */
function bearerToken(request: FastifyRequest): string | undefined {
  const authorization = request.headers.authorization;
  if (authorization?.startsWith('Bearer ')) return authorization.slice(7).trim();
  if (request.url.startsWith('/api/v1/live?')) {
    const token = new URLSearchParams(request.url.slice(request.url.indexOf('?') + 1)).get('token');
    if (token) return token;
  }
  return undefined;
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Cookie-authenticated writes must come from our own pages: Origin (or Referer) must be ours. */
function checkCsrf(ctx: AppContext, request: FastifyRequest) {
  if (safeMethods.has(request.method) || request.viewer?.via !== 'session') return;
  const source = request.headers.origin ?? request.headers.referer;
  let origin: string | undefined;
  try {
    origin = source ? new URL(source).origin : undefined;
  } catch {
    origin = undefined;
  }
  const allowed = new Set<string>([`${request.protocol}://${request.host}`]);
  if (ctx.config.publicUrl) allowed.add(new URL(ctx.config.publicUrl).origin);
  if (!origin || !allowed.has(origin)) {
    throw fail.forbidden(
      'This request did not come from a Kantine page (cross-site request refused).',
      'csrf',
    );
  }
}
