import type { AppContext } from '../../context.js';
import { SESSION_LIFETIME } from '../../http/access.js';
import { AppError, fail } from '../../http/errors.js';
import { publicBaseUrl } from '../../http/urls.js';
import type { Viewer } from '../../http/viewer.js';
import { HOUR, isoIn, isoNow, MINUTE } from '../../lib/clock.js';
import { hashPassword, hashSecret, newSecret, verifyPassword } from '../../lib/secrets.js';
import { passwordResetMail } from '../../mail/templates.js';
import * as orgRepo from '../organisation/organisation.repo.js';
import * as usersRepo from '../users/users.repo.js';
import { endLiveConnections } from '../users/users.service.js';
import * as repo from './auth.repo.js';

const FAILURE_WINDOW = 15 * MINUTE;
const limits = { account: 5, ip: 30 };

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
  const row = await repo.findLoginFailures(ctx.database.db, key);
  return !!row && row.window_start > isoIn(ctx.clock, -window) && row.failures >= limit;
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
  const accountKey = `account:${email}`;
  const ipKey = `ip:${ip}`;
  if ((await isThrottled(ctx, accountKey, limits.account)) || (await isThrottled(ctx, ipKey, limits.ip))) {
    throw fail.tooMany('Too many failed attempts. Please wait 15 minutes and try again.');
  }
  const user = await repo.findUserForLogin(ctx.database.db, email);
  const valid = await verifyPassword(user?.password_hash ?? null, password);
  if (!user || !valid || user.status !== 'active') {
    await countAttempt(ctx, accountKey);
    await countAttempt(ctx, ipKey);
    throw new AppError(401, 'invalid_credentials', 'E-mail address or password is wrong.');
  }
  await repo.clearLoginFailures(ctx.database.db, accountKey);
  return { userId: user.id, secret: await startSession(ctx, user.id, userAgent) };
}

export async function logout(ctx: AppContext, viewer: Viewer) {
  if (viewer.sessionId) await repo.deleteSession(ctx.database.db, viewer.sessionId);
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
  await ctx.database.transaction(async (trx) => {
    await repo.setPasswordHash(trx, viewer.id, passwordHash, isoNow(ctx.clock));
    await repo.deleteUserSessions(trx, viewer.id);
  });
  return startSession(ctx, viewer.id, 'password change');
}

/** Always answers the same way; a mail goes out only when an active account has this address. */
export async function requestPasswordReset(ctx: AppContext, email: string, requestOrigin: string) {
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
    const url = `${publicBaseUrl(ctx, requestOrigin)}/reset-password?token=${secret}`;
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
  await ctx.database.transaction(async (trx) => {
    const userId = await repo.consumePasswordReset(trx, hashSecret(token), isoNow(ctx.clock));
    if (!userId)
      throw fail.gone(
        'invalid_token',
        'This link is invalid, was already used or has expired. Please request a new one.',
      );
    await repo.setPasswordHash(trx, userId, passwordHash, isoNow(ctx.clock));
    // A reset means the old password may be known to someone else: end every session.
    await repo.deleteUserSessions(trx, userId);
  });
}
