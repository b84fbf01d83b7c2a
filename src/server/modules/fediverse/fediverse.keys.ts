import { exportJwk, generateCryptoKeyPair, importJwk } from '@fedify/fedify';
import type { AppContext } from '../../context.js';
import { isoNow } from '../../lib/clock.js';
import { findInstanceSecret, instanceSecret } from '../captcha/captcha.repo.js';

// Named from Fedify's own signatures: the server is compiled without the DOM library, where these live.
export type CryptoKey = Awaited<ReturnType<typeof generateCryptoKeyPair>>['privateKey'];
type JsonWebKey = Parameters<typeof importJwk>[0];

/** The newsroom actor's RSA key pair (what Mastodon and most servers verify), made once, kept in `instance_secrets`. */
export interface ActorKeys {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
}

const SECRET_NAME = 'fediverse_actor_rsa';
const loaded = new WeakMap<AppContext, Promise<ActorKeys>>();

async function loadOrCreate(ctx: AppContext): Promise<ActorKeys> {
  const { db } = ctx.database;
  let stored = await findInstanceSecret(db, SECRET_NAME);
  if (!stored) {
    const pair = await generateCryptoKeyPair('RSASSA-PKCS1-v1_5');
    const fresh = JSON.stringify({
      privateKey: await exportJwk(pair.privateKey),
      publicKey: await exportJwk(pair.publicKey),
    });
    // Two nodes starting at once agree on the first one written.
    stored = await instanceSecret(db, SECRET_NAME, fresh, isoNow(ctx.clock));
  }
  const jwk = JSON.parse(stored) as { privateKey: JsonWebKey; publicKey: JsonWebKey };
  return {
    privateKey: await importJwk(jwk.privateKey, 'private'),
    publicKey: await importJwk(jwk.publicKey, 'public'),
  };
}

export function actorKeys(ctx: AppContext): Promise<ActorKeys> {
  let keys = loaded.get(ctx);
  if (!keys) {
    keys = loadOrCreate(ctx);
    // A failed first load (database away) is tried again next time.
    keys.catch(() => loaded.delete(ctx));
    loaded.set(ctx, keys);
  }
  return keys;
}
