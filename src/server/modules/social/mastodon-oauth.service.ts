import type { AppContext } from '../../context.js';
import { fail } from '../../http/errors.js';
import { publicBaseUrl } from '../../http/urls.js';
import type { Viewer } from '../../http/viewer.js';
import { isoNow } from '../../lib/clock.js';
import { open, seal, secretKey } from '../../lib/secret-box.js';
import { hashSecret, newSecret } from '../../lib/secrets.js';
import { findOrganisation } from '../organisation/organisation.repo.js';
import * as repo from './accounts.repo.js';
import { networkFailure, storeAccount } from './accounts.service.js';
import { requireDesk } from './desk.service.js';
import {
  mastodonAuthorizeUrl,
  mastodonExchangeCode,
  mastodonRegisterApp,
  mastodonVerify,
} from './networks.js';

/**
 * Connecting Mastodon by OAuth app registration: Kantine registers itself once per instance
 * (`POST /api/v1/apps`, the client secret sealed like every credential), sends the desk person to
 * the instance's authorisation page with a random single-use `state` (stored as its SHA-256, bound
 * to that person, 10 minutes), and the callback exchanges the code for a token, checks it with
 * `verify_credentials` and stores it sealed. Every call goes through the outbound rules.
 */
const STATE_MINUTES = 10;
export const CALLBACK_PATH = '/api/v1/social/accounts/mastodon/callback';

async function redirectUri(ctx: AppContext) {
  return `${await publicBaseUrl(ctx)}${CALLBACK_PATH}`;
}

/** The instance's registered app, registering one when there is none for the current callback address. */
async function appFor(ctx: AppContext, instanceUrl: string, callback: string) {
  const { db } = ctx.database;
  const known = await repo.findOauthApp(db, instanceUrl);
  if (known && known.redirect_uri === callback)
    return { clientId: known.client_id, clientSecret: open<string>(secretKey(ctx), known.client_secret) };
  const organisation = await findOrganisation(db);
  const registered = await mastodonRegisterApp(
    instanceUrl,
    {
      clientName: `Kantine – ${organisation?.name ?? 'Kantine'}`,
      redirectUri: callback,
      website: await publicBaseUrl(ctx),
    },
    ctx.config.outboundAllowPrivate,
  );
  await ctx.database.transaction((trx) =>
    repo.saveOauthApp(trx, {
      instance_url: instanceUrl,
      redirect_uri: callback,
      client_id: registered.clientId,
      client_secret: seal(secretKey(ctx), registered.clientSecret),
      created_at: isoNow(ctx.clock),
    }),
  );
  return registered;
}

/** Starts connecting (called by `connectAccount` after its desk check): answers where the browser goes. */
export async function startMastodonAuthorisation(ctx: AppContext, viewer: Viewer, instance: string) {
  await requireDesk(ctx, viewer);
  const instanceUrl = new URL(instance).origin;
  const callback = await redirectUri(ctx);
  let app: { clientId: string; clientSecret: string };
  try {
    app = await appFor(ctx, instanceUrl, callback);
  } catch (error) {
    throw networkFailure(error);
  }
  const state = newSecret(32);
  const now = ctx.clock.now();
  await ctx.database.transaction((trx) =>
    repo.insertOauthState(
      trx,
      {
        state_hash: hashSecret(state),
        user_id: viewer.id,
        instance_url: instanceUrl,
        expires_at: new Date(now.getTime() + STATE_MINUTES * 60_000).toISOString(),
      },
      now.toISOString(),
    ),
  );
  return {
    authorizeUrl: mastodonAuthorizeUrl(instanceUrl, { clientId: app.clientId, redirectUri: callback, state }),
  };
}

export type CallbackOutcome = 'connected' | 'denied' | 'failed';

/**
 * The instance sent the browser back. A state that is unknown, used, expired or someone else's is
 * refused (400, nothing stored); otherwise the outcome says where the desk page tells the person.
 */
export async function finishMastodonAuthorisation(
  ctx: AppContext,
  viewer: Viewer,
  query: { state: string; code?: string; error?: string },
): Promise<CallbackOutcome> {
  await requireDesk(ctx, viewer);
  const pending = await ctx.database.transaction((trx) => repo.takeOauthState(trx, hashSecret(query.state)));
  if (!pending || pending.user_id !== viewer.id || pending.expires_at < isoNow(ctx.clock))
    throw fail.badRequest(
      'oauth_state_invalid',
      'This authorisation is unknown, expired or already used. Start connecting again on the desk.',
    );
  if (query.error || !query.code) return 'denied';
  const allowPrivate = ctx.config.outboundAllowPrivate;
  try {
    const callback = await redirectUri(ctx);
    const app = await appFor(ctx, pending.instance_url, callback);
    const credentials = await mastodonExchangeCode(
      pending.instance_url,
      { ...app, redirectUri: callback, code: query.code },
      allowPrivate,
    );
    const name = await mastodonVerify(pending.instance_url, credentials, allowPrivate);
    await storeAccount(ctx, viewer, {
      network: 'mastodon',
      name,
      serviceUrl: pending.instance_url,
      credentials,
    });
    return 'connected';
  } catch (error) {
    ctx.log.warn(
      { err: networkFailure(error), instance: pending.instance_url },
      'Mastodon authorisation failed',
    );
    return 'failed';
  }
}
