import { randomInt } from 'node:crypto';
import * as OTPAuth from 'otpauth';
import type { AppContext } from '../../context.js';
import { AppError, fail } from '../../http/errors.js';
import type { Viewer } from '../../http/viewer.js';
import { isoNow } from '../../lib/clock.js';
import { qrCodeSvg } from '../../lib/qr-code.js';
import { isSealed, openText, SecretKeyMismatch, sealText } from '../../lib/secret-box.js';
import { hashSecret, verifyPassword } from '../../lib/secrets.js';
import * as authRepo from '../auth/auth.repo.js';
import * as orgRepo from '../organisation/organisation.repo.js';
import * as usersRepo from '../users/users.repo.js';
import * as repo from './second-factor.repo.js';

const PERIOD = 30;
const RECOVERY_CODE_COUNT = 10;
// Crockford's base32 without I, L, O, U (as access codes): nothing to mix up when typing.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function totpOf(secret: string, label = 'Kantine', issuer = 'Kantine') {
  return new OTPAuth.TOTP({
    issuer,
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD,
    secret: OTPAuth.Secret.fromBase32(secret),
  });
}

/**
 * The 30-second step a code belongs to, or undefined when it is wrong. One step either side is
 * accepted (clocks of phones drift), judged by the server's clock.
 */
function stepOf(ctx: AppContext, storedSecret: string, code: string): number | undefined {
  let secret: string;
  try {
    secret = openText(ctx, storedSecret, 'TOTP secret');
  } catch (error) {
    if (!(error instanceof SecretKeyMismatch)) throw error;
    ctx.log.error({ err: error }, 'a TOTP secret cannot be decrypted');
    throw new AppError(
      503,
      'secret_key_mismatch',
      'Authenticator codes cannot be checked: the server key changed. Use a recovery code, or ask an administrator to reset your second factor.',
    );
  }
  const timestamp = ctx.clock.now().getTime();
  const delta = totpOf(secret).validate({ token: code, timestamp, window: 1 });
  if (delta === null) return undefined;
  return Math.floor(timestamp / 1000 / PERIOD) + delta;
}

/** `7KQ2M-X9D4R`: ten characters (50 bits), shown once. */
function newRecoveryCode(): string {
  let code = '';
  for (let i = 0; i < 10; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

export function normaliseRecoveryCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

const invalidCode = () =>
  fail.badRequest('invalid_second_factor', 'The code is wrong, expired or was already used.');

/**
 * A new secret for the authenticator app, as text and as QR code. It counts only once confirmed
 * with a code; until then a new start replaces it. A confirmed authenticator must be turned off first.
 */
export async function startTotpSetup(ctx: AppContext, viewer: Viewer) {
  const { db } = ctx.database;
  const existing = await repo.findTotp(db, viewer.id);
  if (existing?.confirmed_at)
    throw fail.conflict('totp_already_enabled', 'Two-factor authentication is already on.');
  const secret = new OTPAuth.Secret({ size: 20 }).base32;
  // Sealed under KANTINE_SECRET_KEY: the server must read it again to check codes, so no hash.
  await repo.savePendingTotp(db, viewer.id, sealText(ctx, secret), isoNow(ctx.clock));
  const [user, organisation] = await Promise.all([
    usersRepo.findUserById(db, viewer.id),
    orgRepo.findOrganisation(db),
  ]);
  const uri = totpOf(
    secret,
    user?.email || user?.personnel_number || viewer.handle,
    organisation?.name ?? 'Kantine',
  ).toString();
  const qrSvg = await qrCodeSvg(uri);
  return { secret, uri, qrSvg };
}

/** The first code from the app turns two-factor on and gives the recovery codes, shown this once. */
export async function confirmTotp(ctx: AppContext, viewer: Viewer, code: string) {
  const { db } = ctx.database;
  const pending = await repo.findTotp(db, viewer.id);
  if (!pending || pending.confirmed_at)
    throw fail.conflict('totp_not_pending', 'Start the set-up again: there is no authenticator waiting.');
  const step = stepOf(ctx, pending.secret, code);
  if (step === undefined) throw invalidCode();
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await ctx.database.transaction(async (trx) => {
    const now = isoNow(ctx.clock);
    if (!(await repo.confirmTotp(trx, viewer.id, step, now)))
      throw fail.conflict('totp_already_enabled', 'Two-factor authentication is already on.');
    await repo.replaceRecoveryCodes(
      trx,
      viewer.id,
      codes.map((item) => hashSecret(normaliseRecoveryCode(item))),
      now,
    );
    // Whoever had a session without the second factor loses it; this browser stays.
    await authRepo.deleteUserSessions(trx, viewer.id, viewer.sessionId);
  });
  return { recoveryCodes: codes };
}

/** Turns the authenticator off (and its recovery codes with it), given a current code or the password. */
export async function disableTotp(
  ctx: AppContext,
  viewer: Viewer,
  proof: { code: string } | { password: string },
) {
  const { db } = ctx.database;
  const totp = await repo.findTotp(db, viewer.id);
  if (!totp) return;
  if (totp.confirmed_at) {
    if ('password' in proof) {
      const row = await authRepo.findPasswordHash(db, viewer.id);
      if (!(await verifyPassword(row?.password_hash ?? null, proof.password)))
        throw fail.badRequest('wrong_password', 'The current password is wrong.');
    } else if (!(await acceptTotpCode(ctx, viewer.id, proof.code))) {
      throw invalidCode();
    }
  }
  await ctx.database.transaction(async (trx) => repo.deleteTotp(trx, viewer.id));
}

/** True when the code is right and newer than the last one used (each code works once). */
export async function acceptTotpCode(ctx: AppContext, userId: number, code: string): Promise<boolean> {
  const { db } = ctx.database;
  const totp = await repo.findTotp(db, userId);
  if (!totp?.confirmed_at) return false;
  const step = stepOf(ctx, totp.secret, code);
  if (step === undefined) return false;
  return repo.claimTotpStep(db, userId, step);
}

export async function acceptRecoveryCode(ctx: AppContext, userId: number, code: string): Promise<boolean> {
  return repo.spendRecoveryCode(
    ctx.database.db,
    userId,
    hashSecret(normaliseRecoveryCode(code)),
    isoNow(ctx.clock),
  );
}

/**
 * Seals TOTP secrets stored in plain text before encryption at rest existed; runs at every start
 * (a no-op once done). Each update is conditional on the old value, so nodes starting together or a
 * set-up running meanwhile cannot be overwritten with a stale secret.
 */
export async function sealPlainTotpSecrets(ctx: AppContext): Promise<number> {
  const { db } = ctx.database;
  let sealed = 0;
  for (const row of await repo.totpSecretsNotSealed(db)) {
    if (isSealed(row.secret)) continue;
    if (await repo.replaceTotpSecret(db, row.user_id, row.secret, sealText(ctx, row.secret))) sealed++;
  }
  return sealed;
}
