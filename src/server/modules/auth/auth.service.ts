import type { AppContext } from '../../context.js';
import { SESSION_LIFETIME } from '../../http/access.js';
import { AppError, fail } from '../../http/errors.js';
import { linkBaseOf } from '../../http/urls.js';
import type { Viewer } from '../../http/viewer.js';
import { HOUR, isoIn, isoNow, MINUTE } from '../../lib/clock.js';
import { hashPassword, hashSecret, newSecret, verifyPassword } from '../../lib/secrets.js';
import { passwordResetMail } from '../../mail/templates.js';
import { directoryLogin } from '../identity/ldap.login.js';
import * as orgRepo from '../organisation/organisation.repo.js';
import { requireSecondFactor } from '../second-factor/second-factor.service.js';
import * as usersRepo from '../users/users.repo.js';
import { endLiveConnections } from '../users/users.service.js';
import * as repo from './auth.repo.js';

const FAILURE_WINDOW = 15 * MINUTE;
/**
 * Failed logins are throttled per account AND source address (OWASP): a guesser from one address
 * is slowed down without locking the owner, who logs in from elsewhere, out. The per-address limit
 * across accounts stays.
 */
const limits = { accountFromAddress: 5, ip: 30 };

/** Opens a session and returns the secret for the cookie; only its hash is stored. */
export async function startSession(ctx: AppContext, userId: number, userAgent: string): Promise<string> {
  const secret = newSecret();
  await repo.insertSession(ctx.database.db, {
    id: hashSecret(secret),
    userId,
    now: isoNow(ctx.clock),
    expiresAt: isoIn(ctx.clock, SESSION_LIFETIME),
    userAgent,
  });
  return secret;
}

/**
 * Attempt counting in a fixed window, stored in the database so that it holds across restarts and
 * nodes: failed logins per account and address here, guest comments per address in the newsroom.
 */
export async function isThrottled(ctx: AppContext, key: string, limit: number, window = FAILURE_WINDOW) {
  return (await throttledForSeconds(ctx, key, limit, window)) > 0;
}

/** How many seconds until `key` may try again; 0 when it may now. */
export async function throttledForSeconds(
  ctx: AppContext,
  key: string,
  limit: number,
  window = FAILURE_WINDOW,
) {
  const row = await repo.findLoginFailures(ctx.database.db, key);
  if (!row || row.window_start <= isoIn(ctx.clock, -window) || row.failures < limit) return 0;
  return (new Date(row.window_start).getTime() + window - ctx.clock.now().getTime()) / 1000;
}

export async function countAttempt(ctx: AppContext, key: string, window = FAILURE_WINDOW) {
  const { db } = ctx.database;
  const row = await repo.findLoginFailures(db, key);
  const fresh = !row || row.window_start <= isoIn(ctx.clock, -window);
  await repo.saveLoginFailures(
    db,
    key,
    fresh ? isoNow(ctx.clock) : row.window_start,
    fresh ? 1 : row.failures + 1,
  );
}

/**
 * Same answer and similar time for an unknown e-mail, a wrong password and a deactivated account.
 * Failures are counted per account and per IP address, so guessing is slow either way.
 */
export async function login(ctx: AppContext, email: string, password: string, ip: string, userAgent: string) {
  const accountKey = `account:${email.toLowerCase()}|ip:${ip}`;
  const ipKey = `ip:${ip}`;
  const wait = Math.max(
    await throttledForSeconds(ctx, accountKey, limits.accountFromAddress),
    await throttledForSeconds(ctx, ipKey, limits.ip),
  );
  if (wait > 0) {
    throw fail.tooMany('Too many failed attempts from this address. Please wait and try again.', wait);
  }
  const user = await repo.findUserForLogin(ctx.database.db, email);
  const valid = await verifyPassword(user?.password_hash ?? null, password);
  let userId = user && valid && user.status === 'active' ? user.id : null;
  // Not a local password: the company directory (LDAP / Active Directory) may know the person.
  if (!valid) userId = await directoryLogin(ctx, email, password);
  if (userId === null) {
    await countAttempt(ctx, accountKey);
    await countAttempt(ctx, ipKey);
    throw new AppError(401, 'invalid_credentials', 'E-mail address or password is wrong.');
  }
  await repo.clearLoginFailures(ctx.database.db, accountKey);
  // A person with a second factor gets a challenge instead of a session (401 second_factor_required).
  await requireSecondFactor(ctx, userId);
  return { userId, secret: await startSession(ctx, userId, userAgent) };
}

/** Ends this browser's session and closes the WebSockets it opened (on every node). */
export async function logout(ctx: AppContext, viewer: Viewer) {
  if (!viewer.sessionId) return;
  await repo.deleteSession(ctx.database.db, viewer.sessionId);
  await endLiveConnections(ctx, viewer.id, { sessionIds: [viewer.sessionId] });
}

export async function logoutEverywhere(ctx: AppContext, viewer: Viewer) {
  await repo.deleteUserSessions(ctx.database.db, viewer.id);
  await endLiveConnections(ctx, viewer.id);
}

export async function changePassword(
  ctx: AppContext,
  viewer: Viewer,
  currentPassword: string,
  newPassword: string,
) {
  const row = await repo.findPasswordHash(ctx.database.db, viewer.id);
  if (!(await verifyPassword(row?.password_hash ?? null, currentPassword))) {
    throw fail.badRequest('wrong_password', 'The current password is wrong.');
  }
  const passwordHash = await hashPassword(newPassword);
  await ctx.database.transaction(async (trx, afterCommit) => {
    const now = isoNow(ctx.clock);
    await repo.setPasswordHash(trx, viewer.id, passwordHash, now);
    // Whoever knew the old password loses everything it opened: other sessions, every access
    // token, open reset links and live connections. This browser stays logged in.
    await repo.deleteUserSessions(trx, viewer.id, viewer.sessionId);
    await repo.deleteUserTokens(trx, viewer.id);
    await repo.closeOpenPasswordResets(trx, viewer.id, now);
    afterCommit(() => endLiveConnections(ctx, viewer.id, { exceptSessionId: viewer.sessionId }));
  });
}

/**
 * Always answers the same way and in the same time: the lookup, the link and the mail happen after
 * the answer, so a known address takes no longer than an unknown one.
 */
export function requestPasswordReset(ctx: AppContext, email: string) {
  setImmediate(() => {
    sendPasswordReset(ctx, email).catch((error) =>
      ctx.log.error({ err: error }, 'password reset mail failed'),
    );
  });
}

async function sendPasswordReset(ctx: AppContext, email: string) {
  const { db } = ctx.database;
  const user = await usersRepo.findUserByEmail(db, email);
  if (user?.status !== 'active') return;
  const secret = newSecret();
  const organisation = await orgRepo.findOrganisation(db);
  await ctx.database.transaction(async (trx, _afterCommit, emit) => {
    await repo.insertPasswordReset(
      trx,
      hashSecret(secret),
      user.id,
      isoNow(ctx.clock),
      isoIn(ctx.clock, HOUR),
    );
    const url = `${linkBaseOf(ctx, organisation)}/reset-password?token=${secret}`;
    const mail = passwordResetMail(user.locale ?? organisation?.default_locale ?? 'de', {
      organisation: organisation?.name ?? 'Kantine',
      url,
    });
    // Through the outbox: sent after commit, retried if the mail server is away.
    emit({ type: 'mail.requested', to: user.email, ...mail });
  });
}

export async function confirmPasswordReset(ctx: AppContext, token: string, password: string) {
  const passwordHash = await hashPassword(password);
  await ctx.database.transaction(async (trx, afterCommit) => {
    const now = isoNow(ctx.clock);
    const userId = await repo.consumePasswordReset(trx, hashSecret(token), now);
    if (!userId)
      throw fail.gone(
        'invalid_token',
        'This link is invalid, was already used or has expired. Please request a new one.',
      );
    await repo.setPasswordHash(trx, userId, passwordHash, isoNow(ctx.clock));
    // A reset means the old password may be known to someone else: end every session, token,
    // other reset link and live connection.
    await repo.deleteUserSessions(trx, userId);
    await repo.deleteUserTokens(trx, userId);
    await repo.closeOpenPasswordResets(trx, userId, now);
    afterCommit(() => endLiveConnections(ctx, userId));
  });
}
