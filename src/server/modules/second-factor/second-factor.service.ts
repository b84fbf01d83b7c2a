import type { AppContext } from '../../context.js';
import { AppError, fail } from '../../http/errors.js';
import type { Viewer } from '../../http/viewer.js';
import { isoIn, isoNow, MINUTE } from '../../lib/clock.js';
import { hashSecret, newSecret } from '../../lib/secrets.js';
import * as auditRepo from '../audit/audit.repo.js';
import * as authRepo from '../auth/auth.repo.js';
import { countAttempt, startSession, throttledForSeconds } from '../auth/auth.service.js';
import * as identityRepo from '../identity/identity.repo.js';
import * as usersRepo from '../users/users.repo.js';
import { endLiveConnections } from '../users/users.service.js';
import { presentPasskey } from './second-factor.presenter.js';
import * as repo from './second-factor.repo.js';
import { acceptRecoveryCode, acceptTotpCode } from './totp.service.js';

/** A password login waits this long for its second factor. */
const CHALLENGE_LIFETIME = 5 * MINUTE;
/** Wrong codes per challenge before it is spent; per account and address as for passwords. */
const CHALLENGE_TRIES = 5;
const limits = { accountFromAddress: 5, ip: 30 };
const SETTINGS_KIND = 'second_factor';

/** What the settings page shows: the authenticator, recovery codes left, the passkeys. */
export async function secondFactorStatus(ctx: AppContext, viewer: Viewer) {
  const { db } = ctx.database;
  const [totp, recoveryCodesLeft, passkeys, settings] = await Promise.all([
    repo.findTotp(db, viewer.id),
    repo.countUnusedRecoveryCodes(db, viewer.id),
    repo.listPasskeys(db, viewer.id),
    loadSettings(ctx),
  ]);
  return {
    totp: { enabled: Boolean(totp?.confirmed_at), confirmedAt: totp?.confirmed_at ?? null },
    recoveryCodesLeft,
    passkeys: passkeys.map(presentPasskey),
    required: viewer.role === 'admin' && settings.adminsRequired,
  };
}

/**
 * Called by the password login once the password is right: a person with a second factor gets no
 * session yet but a short-lived challenge to complete with a code (or, with only passkeys, the hint
 * to log in with one — a passkey counts as both factors).
 */
export async function requireSecondFactor(ctx: AppContext, userId: number) {
  const { db } = ctx.database;
  const [totp, passkeys] = await Promise.all([repo.findTotp(db, userId), repo.listPasskeys(db, userId)]);
  const methods: Array<'totp' | 'recovery_code' | 'passkey'> = [];
  if (totp?.confirmed_at) methods.push('totp', 'recovery_code');
  if (passkeys.length > 0) methods.push('passkey');
  if (methods.length === 0) return;
  const challenge = newSecret();
  const expiresAt = isoIn(ctx.clock, CHALLENGE_LIFETIME);
  await repo.insertTicket(
    db,
    { ticketHash: hashSecret(challenge), purpose: 'login', userId, challenge: null, expiresAt },
    isoNow(ctx.clock),
  );
  throw new AppError(401, 'second_factor_required', 'Enter the code from your authenticator app.', {
    challenge,
    methods,
    expiresAt,
  });
}

const expiredChallenge = () =>
  fail.gone('invalid_token', 'This login has expired or was already completed. Please log in again.');

/** Completes a password login with a TOTP or recovery code; returns the new session's secret. */
export async function completeSecondFactor(
  ctx: AppContext,
  input: { challenge: string; code?: string; recoveryCode?: string },
  ip: string,
  userAgent: string,
) {
  const { db } = ctx.database;
  const ticketHash = hashSecret(input.challenge);
  const ticket = await repo.findTicket(db, ticketHash, 'login', isoNow(ctx.clock));
  if (!ticket?.user_id || ticket.failures >= CHALLENGE_TRIES) throw expiredChallenge();
  const userId = ticket.user_id;
  const accountKey = `second-factor:${userId}|ip:${ip}`;
  const ipKey = `ip:${ip}`;
  const wait = Math.max(
    await throttledForSeconds(ctx, accountKey, limits.accountFromAddress),
    await throttledForSeconds(ctx, ipKey, limits.ip),
  );
  if (wait > 0) throw fail.tooMany('Too many wrong codes. Please wait and try again.', wait);
  const accepted =
    input.code !== undefined
      ? await acceptTotpCode(ctx, userId, input.code)
      : input.recoveryCode !== undefined && (await acceptRecoveryCode(ctx, userId, input.recoveryCode));
  if (!accepted) {
    await repo.countTicketFailure(db, ticketHash);
    await countAttempt(ctx, accountKey);
    await countAttempt(ctx, ipKey);
    throw new AppError(401, 'invalid_second_factor', 'The code is wrong, expired or was already used.');
  }
  // Single use: of two requests with the same challenge only one gets a session.
  if (!(await repo.consumeTicket(db, ticketHash, 'login', isoNow(ctx.clock)))) throw expiredChallenge();
  const user = await usersRepo.findUserById(db, userId);
  if (user?.status !== 'active') throw expiredChallenge();
  await authRepo.clearLoginFailures(db, accountKey);
  return { userId, secret: await startSession(ctx, userId, userAgent) };
}

export async function loadSettings(ctx: AppContext) {
  const row = await identityRepo.findSettings(ctx.database.db, SETTINGS_KIND);
  const parsed = row ? (JSON.parse(row.settings) as { adminsRequired?: boolean }) : {};
  return { adminsRequired: parsed.adminsRequired === true };
}

/** Turning the rule on requires that the admin doing so has a second factor (or they lock themselves out). */
export async function updateSettings(ctx: AppContext, viewer: Viewer, settings: { adminsRequired: boolean }) {
  if (settings.adminsRequired && !(await repo.hasSecondFactor(ctx.database.db, viewer.id)))
    throw new AppError(
      409,
      'second_factor_setup_required',
      'Set up a second factor for yourself before requiring one for all administrators.',
    );
  await identityRepo.saveSettings(
    ctx.database.db,
    SETTINGS_KIND,
    JSON.stringify({ adminsRequired: settings.adminsRequired }),
    null,
    isoNow(ctx.clock),
  );
  return loadSettings(ctx);
}

/**
 * Admin routes refuse an admin without a second factor while the organisation requires one; the
 * web app then shows the set-up page. Settings routes stay open, so the admin can set one up.
 */
export async function refuseAdminWithoutSecondFactor(ctx: AppContext, viewer: Viewer) {
  if (viewer.role !== 'admin') return;
  if (!(await loadSettings(ctx)).adminsRequired) return;
  if (await repo.hasSecondFactor(ctx.database.db, viewer.id)) return;
  throw fail.forbidden(
    'Administrators must set up a second factor (authenticator app or passkey) first.',
    'second_factor_setup_required',
  );
}

/**
 * An admin resets a person's second factor (lost phone): authenticator, recovery codes and passkeys
 * go, every session of the person ends, and the audit trail records who did it.
 */
export async function resetSecondFactor(ctx: AppContext, viewer: Viewer, userId: number) {
  if (viewer.role !== 'admin') throw fail.forbidden('Only administrators may reset a second factor.');
  const user = await usersRepo.findUserById(ctx.database.db, userId);
  if (!user) throw fail.notFound('No such person.');
  await ctx.database.transaction(async (trx, afterCommit) => {
    const now = isoNow(ctx.clock);
    await repo.deleteTotp(trx, userId);
    await repo.deletePasskeysOf(trx, userId);
    await repo.deleteTicketsOf(trx, userId);
    await authRepo.deleteUserSessions(trx, userId);
    await auditRepo.insertAuditEntry(trx, {
      actorId: viewer.id,
      action: 'user.second_factor_reset',
      spaceId: null,
      details: { userId, name: user.name },
      now,
    });
    afterCommit(() => endLiveConnections(ctx, userId));
  });
}
