import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import type { AppContext } from '../context.js';
import { DAY, HOUR, isoIn, isoNow } from '../lib/clock.js';
import { hashSecret } from '../lib/secrets.js';
import * as authRepo from '../modules/auth/auth.repo.js';
import { refuseAdminWithoutSecondFactor } from '../modules/second-factor/second-factor.service.js';
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
    /**
     * Routes that log someone in (login, setup, accepting an invitation) check Origin even without
     * a session: a cross-site form must not log the browser into an account of the attacker's.
     */
    originCheck?: boolean;
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
  'POST /api/v1/me/passkeys/options',
  'POST /api/v1/me/passkeys',
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
    if (access === 'admin') await refuseAdminWithoutSecondFactor(ctx, request.viewer);
  });

  return registered;
}

async function resolveViewer(ctx: AppContext, request: FastifyRequest): Promise<Viewer | null> {
  const { db } = ctx.database;
  const cache = ctx.authCache;
  // SCIM clients carry their own provisioning tokens, checked by the SCIM routes.
  const bearer = request.url.startsWith('/scim/') ? undefined : bearerToken(request);
  if (bearer) {
    const tokenHash = hashSecret(bearer);
    let row = cache?.token(tokenHash);
    if (!row) {
      const ticket = cache?.ticket() ?? 0;
      row = await authRepo.findTokenViewer(db, tokenHash);
      if (!row) throw fail.unauthorized('The access token is invalid or revoked.');
      cache?.storeToken(ticket, tokenHash, row);
    }
    if (!row.last_used_at || row.last_used_at < isoIn(ctx.clock, -HOUR)) {
      const now = isoNow(ctx.clock);
      await authRepo.touchToken(db, row.token_id, now);
      row.last_used_at = now;
    }
    return {
      id: row.id,
      role: row.role,
      name: row.name,
      handle: row.handle,
      locale: row.locale,
      via: 'token',
      scope: row.scope,
      tokenId: row.token_id,
    };
  }
  const cookie = request.cookies[SESSION_COOKIE];
  if (!cookie) return null;
  const sessionId = hashSecret(cookie);
  const now = isoNow(ctx.clock);
  let row = cache?.session(sessionId);
  if (!row || row.expires_at <= now) {
    const ticket = cache?.ticket() ?? 0;
    row = await authRepo.findSessionViewer(db, sessionId, now);
    if (!row) return null;
    cache?.storeSession(ticket, sessionId, row);
  }
  // Sliding expiry, written at most hourly so that reads stay reads.
  if (row.last_seen_at < isoIn(ctx.clock, -HOUR)) {
    const expiresAt = isoIn(ctx.clock, SESSION_LIFETIME);
    await authRepo.touchSession(db, sessionId, now, expiresAt);
    row.last_seen_at = now;
    row.expires_at = expiresAt;
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

/**
 * Cross-site requests are refused where a browser would carry them out for someone else:
 * - cookie-authenticated writes must come from our own pages: Origin (or Referer) must be ours;
 * - login, setup and invitation acceptance (route flag `originCheck`) and the WebSocket upgrade
 *   refuse a foreign Origin even without a session. Browsers always send Origin there, so a
 *   request without one comes from a script or curl and works as before.
 */
function checkCsrf(ctx: AppContext, request: FastifyRequest) {
  const isUpgrade = request.headers.upgrade?.toLowerCase() === 'websocket';
  const session = request.viewer?.via === 'session';
  const loginLike = request.routeOptions.config?.originCheck === true;
  if (!isUpgrade && (safeMethods.has(request.method) || !(session || loginLike))) return;
  const source = isUpgrade ? request.headers.origin : (request.headers.origin ?? request.headers.referer);
  if (!source && (isUpgrade || !session)) return;
  let origin: URL | undefined;
  try {
    origin = source ? new URL(source) : undefined;
  } catch {
    origin = undefined;
  }
  const allowed = new Set<string>([`${request.protocol}://${request.host}`]);
  if (ctx.config.publicUrl) allowed.add(new URL(ctx.config.publicUrl).origin);
  // Same host is same site, also when a TLS proxy makes the scheme look different to us.
  if (!origin || !(allowed.has(origin.origin) || origin.host === request.host)) {
    throw fail.forbidden(
      'This request did not come from a Kantine page (cross-site request refused).',
      'csrf',
    );
  }
}
