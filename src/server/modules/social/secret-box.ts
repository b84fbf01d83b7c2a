import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AppContext } from '../../context.js';

/**
 * Seals the credentials of connected network accounts with AES-256-GCM. The key is
 * KANTINE_SECRET_KEY, or else a key generated once into the data directory (`secret.key`, mode
 * 0600) — with a warning at start, because a backup of the database alone then cannot decrypt them
 * and several machines need the same key.
 */
const KEY_FILE = 'secret.key';
const keys = new WeakMap<AppContext, Buffer>();

export function secretKey(ctx: AppContext): Buffer {
  const known = keys.get(ctx);
  if (known) return known;
  const key = ctx.config.secretKey ?? keyFromDataDir(ctx);
  keys.set(ctx, key);
  return key;
}

function keyFromDataDir(ctx: AppContext): Buffer {
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

/** `v1.<iv>.<tag>.<ciphertext>`, base64url parts. */
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
