import type { TokenInfo } from '../../../shared/api/auth.js';
import type { AppContext } from '../../context.js';
import type { ApiTokenRow } from '../../db/schema.js';
import { invalidateCredentials } from '../../http/auth-cache.js';
import { fail } from '../../http/errors.js';
import type { Viewer } from '../../http/viewer.js';
import { isoNow } from '../../lib/clock.js';
import { hashSecret, newSecret } from '../../lib/secrets.js';
import * as repo from './tokens.repo.js';

const MAX_TOKENS = 50;
const TOKEN_PREFIX = 'kt_';

const mayManage = (viewer: Viewer, token: ApiTokenRow) => token.user_id === viewer.id;
/** A token must not mint further tokens: only a logged-in person creates them. */
const mayCreate = (viewer: Viewer) => viewer.via === 'session';

function toTokenInfo(row: ApiTokenRow): TokenInfo {
  return {
    id: row.id,
    name: row.name,
    scope: row.scope,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
  };
}

export async function listTokens(ctx: AppContext, viewer: Viewer) {
  return (await repo.listTokens(ctx.database.db, viewer.id)).map(toTokenInfo);
}

/** The token itself is returned exactly once; only its hash is kept. */
export async function createToken(ctx: AppContext, viewer: Viewer, name: string, scope: 'read' | 'write') {
  if (!mayCreate(viewer)) throw fail.forbidden('Access tokens can only be created while logged in.');
  const token = `${TOKEN_PREFIX}${newSecret()}`;
  const id = await ctx.database.transaction(async (trx) => {
    if ((await repo.listTokens(trx, viewer.id)).length >= MAX_TOKENS) {
      throw fail.conflict('too_many_tokens', `You can have at most ${MAX_TOKENS} access tokens.`);
    }
    return repo.insertToken(trx, {
      userId: viewer.id,
      name,
      tokenHash: hashSecret(token),
      scope,
      now: isoNow(ctx.clock),
    });
  });
  return { id, token };
}

export async function revokeToken(ctx: AppContext, viewer: Viewer, id: number) {
  const token = await repo.findToken(ctx.database.db, id);
  if (!token || !mayManage(viewer, token)) throw fail.notFound('No such access token.');
  await ctx.database.transaction((trx) => repo.deleteToken(trx, id));
  await invalidateCredentials(ctx, { tokenHashes: [token.token_hash] });
}
