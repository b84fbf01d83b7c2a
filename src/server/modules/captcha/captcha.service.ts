import { createHmac, randomInt } from 'node:crypto';
import type { AppContext } from '../../context.js';
import { isoNow, MINUTE } from '../../lib/clock.js';
import { newSecret, safeEqual } from '../../lib/secrets.js';
import * as repo from './captcha.repo.js';

export const CAPTCHA_LIFETIME = 30 * MINUTE;

export interface Challenge {
  /** The signed token the form sends back; it carries no answer a bot could read. */
  id: string;
  a: number;
  b: number;
}

const signingKeys = new WeakMap<object, Promise<string>>();

/** The HMAC key, made once per installation and kept in the database so every node shares it. */
function signingKey(ctx: AppContext): Promise<string> {
  let key = signingKeys.get(ctx.database);
  if (!key) {
    key = repo.instanceSecret(ctx.database.db, 'captcha_hmac', newSecret(32), isoNow(ctx.clock));
    key.catch(() => signingKeys.delete(ctx.database));
    signingKeys.set(ctx.database, key);
  }
  return key;
}

const sign = (key: string, payload: string, answer: number) =>
  createHmac('sha256', key).update(`${payload}|${answer}`).digest('base64url');

/**
 * A small sum in words ("neun + sechs ="). Showing it stores nothing: the token is
 * `payload.signature`, where the payload holds a random id and the expiry, and the signature binds
 * them to the right answer under the server's key.
 */
export async function newChallenge(ctx: AppContext): Promise<Challenge> {
  const a = randomInt(1, 10);
  const b = randomInt(1, 10);
  const payload = Buffer.from(
    JSON.stringify({ n: newSecret(12), e: ctx.clock.now().getTime() + CAPTCHA_LIFETIME }),
  ).toString('base64url');
  return { id: `${payload}.${sign(await signingKey(ctx), payload, a + b)}`, a, b };
}

export type ChallengeCheck = 'right' | 'wrong' | 'expired';

/**
 * Checks an answer. Every attempt, right or wrong, uses the token up: only its id is stored, until
 * it would have expired anyway.
 */
export async function checkChallenge(
  ctx: AppContext,
  token: string,
  answer: number | undefined,
): Promise<ChallengeCheck> {
  const [payload, signature] = token.split('.');
  if (!payload || !signature) return 'expired';
  let claims: { n?: unknown; e?: unknown };
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return 'expired';
  }
  if (typeof claims.n !== 'string' || typeof claims.e !== 'number') return 'expired';
  const now = ctx.clock.now().getTime();
  if (claims.e <= now || claims.e > now + CAPTCHA_LIFETIME) return 'expired';
  const fresh = await repo.markCaptchaUsed(
    ctx.database.db,
    claims.n,
    new Date(claims.e).toISOString(),
    isoNow(ctx.clock),
  );
  if (!fresh) return 'expired';
  if (answer === undefined) return 'wrong';
  return safeEqual(signature, sign(await signingKey(ctx), payload, answer)) ? 'right' : 'wrong';
}
