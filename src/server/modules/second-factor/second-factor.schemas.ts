import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { me } from '../../../shared/api/users.js';
import type { AppContext } from '../../context.js';
import { errorResponses } from '../../http/api.js';
import { setSessionCookie } from '../../http/session-cookie.js';
import { refuseIfSsoOnly } from '../identity/oidc.service.js';
import { getMe } from '../users/users.service.js';

/** What the second-factor and the passkey routes share: tags, limits, answers and how a login ends. */

export const tags = { secondFactor: ['second factor'], passkeys: ['passkeys'] };

/**
 * Wrong codes and assertions are counted in the database per account and address (as for
 * passwords); the per-route limit only caps floods.
 */
export const floodLimit = (max: number) => ({ max, timeWindow: '1 minute' });

/** `204` with no body, or the error shape. */
export const noContent = { 204: z.null(), ...errorResponses };
/** A login that succeeded answers with the person (`GET /api/v1/me`'s shape). */
export const loggedIn = { 200: me, ...errorResponses };

/**
 * Finishes a login that passed its second factor or passkey: refused when the organisation allows
 * only single sign-on for the person, else the session cookie is set and the person returned.
 */
export async function finishLoginSession(
  ctx: AppContext,
  reply: FastifyReply,
  userId: number,
  secret: string,
) {
  await refuseIfSsoOnly(ctx, userId, secret);
  setSessionCookie(ctx, reply, secret);
  return getMe(ctx, { id: userId });
}
