import { randomInt } from 'node:crypto';
import type { AppContext } from '../../context.js';
import { AppError, fail } from '../../http/errors.js';
import type { Viewer } from '../../http/viewer.js';
import { DAY, isoIn, isoNow, MINUTE } from '../../lib/clock.js';
import { hashPassword, hashSecret } from '../../lib/secrets.js';
import { mayCreateStaff } from '../access/rules.js';
import * as authRepo from '../auth/auth.repo.js';
import { countAttempt, isThrottled, startSession } from '../auth/auth.service.js';
import * as orgRepo from '../organisation/organisation.repo.js';
import { refuseAdminWithoutSecondFactor } from '../second-factor/second-factor.service.js';
import * as usersRepo from '../users/users.repo.js';
import { endLiveConnections } from '../users/users.service.js';
import { renderAccessCodeSheet } from './access-codes.sheet.js';
import * as repo from './identity.repo.js';
import { notYours, requireCodesAllowed, staffActor } from './staff-leads.service.js';

/** Long enough to reach everyone on the next shifts; printed codes should not linger for months. */
export const ACCESS_CODE_LIFETIME = 7 * DAY;
/** The session a code opens only lets its person set a password. */
const SETUP_SESSION_LIFETIME = 30 * MINUTE;
const REDEEM_LIMIT = 20;

// Crockford's base32 without I, L, O, U: no 0/O or 1/I mix-ups when typing a printed code.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Ten characters (50 bits) in two groups of five, e.g. `7KQ2M-X9D4R`. */
function newCode(): string {
  let code = '';
  for (let i = 0; i < 10; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** What people type: any case, with or without dash or spaces; O and I read as 0 and 1. */
export function normaliseCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

export interface IssuedCode {
  userId: number;
  code: string;
  url: string;
  expiresAt: string;
}

/**
 * New codes for people: each replaces the person's earlier codes and ends all their sessions (a
 * lost phone stays logged in no longer). Only the hash is stored; the code is shown this once.
 */
export async function issueAccessCodes(
  ctx: AppContext,
  viewer: Viewer,
  userIds: number[],
  origin: string,
): Promise<IssuedCode[]> {
  const actor = await staffActor(ctx, viewer);
  if (!mayCreateStaff(actor))
    throw fail.forbidden('Only administrators and team leads with the right may print access codes.');
  await refuseAdminWithoutSecondFactor(ctx, viewer);
  const ids = [...new Set(userIds)];
  const users = await usersRepo.findUsersByIds(ctx.database.db, ids);
  const found = new Map(users.map((user) => [user.id, user]));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length > 0) {
    // A team lead learns nothing about ids outside their team: unknown ones are refused alike.
    if (actor.role !== 'admin') throw notYours();
    throw fail.notFound(`No such person: ${missing.join(', ')}.`);
  }
  await requireCodesAllowed(ctx, actor, users);
  if (users.some((user) => user.status !== 'active'))
    throw fail.badRequest(
      'account_deactivated',
      'Deactivated people get no access codes; reactivate them first.',
    );
  const now = isoNow(ctx.clock);
  const expiresAt = isoIn(ctx.clock, ACCESS_CODE_LIFETIME);
  const base = origin;
  return ctx.database.transaction(async (trx, afterCommit) => {
    const issued: IssuedCode[] = [];
    for (const userId of ids) {
      const code = newCode();
      await repo.deleteAccessCodesOf(trx, userId);
      await repo.insertAccessCode(trx, {
        codeHash: hashSecret(normaliseCode(code)),
        userId,
        createdBy: viewer.id,
        now,
        expiresAt,
      });
      await authRepo.deleteUserSessions(trx, userId);
      afterCommit(() => endLiveConnections(ctx, userId));
      issued.push({ userId, code, url: `${base}/redeem?code=${code}`, expiresAt });
    }
    return issued;
  });
}

const invalidCode = () =>
  fail.gone(
    'invalid_access_code',
    'This access code is wrong, was already used or has expired. Ask for a new one.',
  );

/** Trades a code for a short session that may only set a password. Guessing is throttled per address. */
export async function redeemAccessCode(ctx: AppContext, code: string, ip: string, userAgent: string) {
  const ipKey = `access-code:${ip}`;
  if (await isThrottled(ctx, ipKey, REDEEM_LIMIT))
    throw fail.tooMany('Too many wrong codes. Please wait 15 minutes and try again.');
  const now = isoNow(ctx.clock);
  const userId = await repo.consumeAccessCode(ctx.database.db, hashSecret(normaliseCode(code)), now);
  const user = userId ? await usersRepo.findUserById(ctx.database.db, userId) : undefined;
  if (user?.status !== 'active') {
    await countAttempt(ctx, ipKey);
    throw invalidCode();
  }
  const secret = await startSession(ctx, user.id, userAgent);
  const sessionId = hashSecret(secret);
  await repo.setSessionExpiry(ctx.database.db, sessionId, isoIn(ctx.clock, SETUP_SESSION_LIFETIME));
  await repo.restrictSession(ctx.database.db, sessionId);
  return { userId: user.id, secret };
}

/** The first password, set from the session a code opened; that session ends and a normal one starts. */
export async function setFirstPassword(ctx: AppContext, viewer: Viewer, password: string) {
  if (!viewer.mustSetCredential)
    throw new AppError(403, 'forbidden', 'Change your password in the settings with your current password.');
  const passwordHash = await hashPassword(password);
  await ctx.database.transaction(async (trx) => {
    await authRepo.setPasswordHash(trx, viewer.id, passwordHash, isoNow(ctx.clock));
    await authRepo.deleteUserSessions(trx, viewer.id);
  });
  return startSession(ctx, viewer.id, 'access code');
}

/** New codes for the people, as the printable sheet in the viewer's (or the organisation's) language. */
export async function accessCodeSheet(ctx: AppContext, viewer: Viewer, userIds: number[], origin: string) {
  const codes = await issueAccessCodes(ctx, viewer, userIds, origin);
  const { db } = ctx.database;
  const people = new Map((await usersRepo.findUsersByIds(db, userIds)).map((user) => [user.id, user]));
  const organisation = await orgRepo.findOrganisation(db);
  return renderAccessCodeSheet(
    codes,
    people,
    organisation?.name ?? 'Kantine',
    viewer.locale ?? organisation?.default_locale ?? 'de',
  );
}
