import type { CreateAccountBody, SocialAccount } from '../../../shared/api/social.js';
import type { AppContext } from '../../context.js';
import type { SocialAccountRow } from '../../db/schema.js';
import { fail } from '../../http/errors.js';
import type { Viewer } from '../../http/viewer.js';
import { isoNow } from '../../lib/clock.js';
import { OutboundRefused } from '../../lib/outbound.js';
import { seal, secretKey } from '../../lib/secret-box.js';
import * as repo from './accounts.repo.js';
import { requireDesk } from './desk.service.js';
import { startMastodonAuthorisation } from './mastodon-oauth.service.js';
import { blueskyVerify, mastodonVerify, NetworkRefused } from './networks.js';

export function toAccount(row: SocialAccountRow): SocialAccount {
  return {
    id: row.id,
    network: row.network as SocialAccount['network'],
    name: row.name,
    serviceUrl: row.service_url,
    createdAt: row.created_at,
  };
}

export async function listAccounts(ctx: AppContext, viewer: Viewer) {
  await requireDesk(ctx, viewer);
  return { items: (await repo.listAccounts(ctx.database.db)).map(toAccount) };
}

/** A refusal of the outbound rules or the network, as the desk sees it (400, never the credentials). */
export function networkFailure(error: unknown) {
  if (error instanceof OutboundRefused)
    return fail.badRequest('outbound_refused', `Kantine does not connect to this address: ${error.message}`);
  if (error instanceof NetworkRefused)
    return fail.badRequest('social_account_failed', 'The network did not accept these credentials.');
  return fail.badRequest(
    'social_account_failed',
    `The network could not be reached: ${(error as Error).message}`,
  );
}

/**
 * Connects an account: the credentials are tried once against the network, then stored sealed. A
 * Mastodon instance without a token starts the OAuth app registration instead (`{authorizeUrl}`).
 */
export async function connectAccount(
  ctx: AppContext,
  viewer: Viewer,
  body: CreateAccountBody,
): Promise<SocialAccount | { authorizeUrl: string }> {
  await requireDesk(ctx, viewer);
  if (body.network === 'mastodon' && !body.accessToken)
    return startMastodonAuthorisation(ctx, viewer, body.instanceUrl);
  const allowPrivate = ctx.config.outboundAllowPrivate;
  let name: string;
  let serviceUrl: string;
  let credentials: object;
  try {
    if (body.network === 'mastodon') {
      serviceUrl = new URL(body.instanceUrl).origin;
      credentials = { accessToken: body.accessToken };
      name = await mastodonVerify(serviceUrl, { accessToken: body.accessToken ?? '' }, allowPrivate);
    } else {
      serviceUrl = new URL(body.serviceUrl).origin;
      credentials = { identifier: body.identifier, appPassword: body.appPassword };
      name = await blueskyVerify(
        serviceUrl,
        { identifier: body.identifier, appPassword: body.appPassword },
        allowPrivate,
      );
    }
  } catch (error) {
    throw networkFailure(error);
  }
  return storeAccount(ctx, viewer, { network: body.network, name, serviceUrl, credentials });
}

/** Stores a verified account with its credentials sealed; answers it as the API shows it. */
export async function storeAccount(
  ctx: AppContext,
  viewer: Viewer,
  account: { network: SocialAccount['network']; name: string; serviceUrl: string; credentials: object },
) {
  const sealed = seal(secretKey(ctx), account.credentials);
  const id = await ctx.database.transaction((trx) =>
    repo.insertAccount(trx, {
      network: account.network,
      name: account.name,
      service_url: account.serviceUrl,
      credentials: sealed,
      created_by: viewer.id,
      created_at: isoNow(ctx.clock),
    }),
  );
  const row = await repo.findAccount(ctx.database.db, id);
  if (!row) throw fail.notFound();
  return toAccount(row);
}

export async function removeAccount(ctx: AppContext, viewer: Viewer, id: number) {
  await requireDesk(ctx, viewer);
  if (!(await ctx.database.transaction((trx) => repo.deleteAccount(trx, id))))
    throw fail.notFound('No such account.');
}
