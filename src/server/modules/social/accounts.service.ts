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

/** Connects an account: the credentials are tried once against the network, then stored sealed. */
export async function connectAccount(ctx: AppContext, viewer: Viewer, body: CreateAccountBody) {
  await requireDesk(ctx, viewer);
  const allowPrivate = ctx.config.outboundAllowPrivate;
  let name: string;
  let serviceUrl: string;
  let credentials: object;
  try {
    if (body.network === 'mastodon') {
      serviceUrl = new URL(body.instanceUrl).origin;
      credentials = { accessToken: body.accessToken };
      name = await mastodonVerify(serviceUrl, { accessToken: body.accessToken }, allowPrivate);
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
    if (error instanceof OutboundRefused)
      throw fail.badRequest('outbound_refused', `Kantine does not connect to this address: ${error.message}`);
    if (error instanceof NetworkRefused)
      throw fail.badRequest('social_account_failed', 'The network did not accept these credentials.');
    throw fail.badRequest(
      'social_account_failed',
      `The network could not be reached: ${(error as Error).message}`,
    );
  }
  const sealed = seal(secretKey(ctx), credentials);
  const id = await ctx.database.transaction((trx) =>
    repo.insertAccount(trx, {
      network: body.network,
      name,
      service_url: serviceUrl,
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
