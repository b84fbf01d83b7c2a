import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AppContext } from '../context.js';

/**
 * Seals the secrets Kantine must be able to read again (it cannot just hash them) with AES-256-GCM:
 * the credentials of connected social media accounts, TOTP secrets, the LDAP bind password, the
 * OpenID Connect client secret and webhook signing secrets. The key is KANTINE_SECRET_KEY, or else a
 * key generated once into the data directory (`secret.key`, mode 0600) — with a warning, because a
 * backup of the database alone then cannot decrypt them and several machines need the same key.
 */
const KEY_FILE = 'secret.key';
type KeyContext = Pick<AppContext, 'config' | 'log'>;
const keys = new WeakMap<KeyContext, Buffer>();

export function secretKey(ctx: KeyContext): Buffer {
  const known = keys.get(ctx);
  if (known) return known;
  const key = ctx.config.secretKey ?? keyFromDataDir(ctx);
  keys.set(ctx, key);
  return key;
}

function keyFromDataDir(ctx: KeyContext): Buffer {
  const file = path.join(ctx.config.dataDir, KEY_FILE);
  fs.mkdirSync(ctx.config.dataDir, { recursive: true });
  try {
    fs.writeFileSync(file, crypto.randomBytes(32).toString('hex'), { flag: 'wx', mode: 0o600 });
    ctx.log.warn(
      { file },
      'KANTINE_SECRET_KEY is not set: generated a key for stored credentials in the data directory; back it up, and set KANTINE_SECRET_KEY when running several machines',
    );
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    ctx.log.warn(
      { file },
      'KANTINE_SECRET_KEY is not set: stored credentials use the key file in the data directory',
    );
  }
  const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'hex');
  if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte key`);
  return key;
}

/** `v1.<iv>.<tag>.<ciphertext>`, base64url parts (iv 12 bytes, tag 16 bytes). */
export function seal(key: Buffer, plain: unknown): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(JSON.stringify(plain), 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), data]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

export function open<T>(key: Buffer, sealed: string): T {
  const [version, iv, tag, data] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || data === undefined) throw new Error('not a sealed value');
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  const plain = Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]);
  return JSON.parse(plain.toString('utf8')) as T;
}

const SEALED = /^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]*$/;

/** Whether a stored value has the shape `seal` writes (values from before encryption do not). */
export function isSealed(value: string): boolean {
  return SEALED.test(value);
}

/** Seals one text secret (a TOTP secret, a bind password) for a database column. */
export function sealText(ctx: KeyContext, text: string): string {
  return seal(secretKey(ctx), text);
}

/** Raised when a stored secret does not open with the current key (the key was lost or changed). */
export class SecretKeyMismatch extends Error {
  constructor(what: string, remedy = 'Restore the key, or enter the secret again.') {
    super(
      `The stored ${what} cannot be decrypted: KANTINE_SECRET_KEY (or <data dir>/${KEY_FILE}) is not the key it was sealed with. ${remedy}`,
    );
    this.name = 'SecretKeyMismatch';
  }
}

/**
 * The text in a column written by `sealText`. A plain value from before encryption is returned as
 * it is: start-up seals those (`sealPlainSecrets` of each feature), and this keeps a value written by
 * an older node during a rolling upgrade working until the next start. `remedy` ends the error's
 * message: what a person can do when the secret no longer opens.
 */
export function openText(ctx: KeyContext, stored: string, what: string, remedy?: string): string {
  if (!isSealed(stored)) return stored;
  try {
    const text = open<unknown>(secretKey(ctx), stored);
    if (typeof text !== 'string') throw new Error('not a sealed text');
    return text;
  } catch {
    throw new SecretKeyMismatch(what, remedy);
  }
}

/**
 * Like `openText` for a secret an administrator can simply enter again (a bind password, a client
 * secret): one that no longer opens counts as not set (logged), so the settings show it missing.
 */
export function openTextOrNull(ctx: KeyContext, stored: string | null, what: string): string | null {
  if (stored === null) return null;
  try {
    return openText(ctx, stored, what);
  } catch (error) {
    // Once per value and process: settings are read on every login.
    const told = reported.get(ctx) ?? new Set<string>();
    reported.set(ctx, told);
    if (!told.has(stored)) {
      told.add(stored);
      ctx.log.error({ err: error }, `the stored ${what} cannot be decrypted; enter it again`);
    }
    return null;
  }
}
const reported = new WeakMap<KeyContext, Set<string>>();
