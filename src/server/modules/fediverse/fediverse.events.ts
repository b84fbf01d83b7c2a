import type { AppContext } from '../../context.js';
import type { DomainEvent, EventMeta } from '../../events/events.js';
import { publicBaseUrl } from '../../http/urls.js';
import { isoNow } from '../../lib/clock.js';
import { findOrganisation } from '../organisation/organisation.repo.js';
import * as repo from './fediverse.repo.js';

/** Fedify and what is built on it load with the first federated article, not at start. */
const federationCode = async () => {
  const [http, keys, presenter] = await Promise.all([
    import('./fediverse.http.js'),
    import('./fediverse.keys.js'),
    import('./fediverse.presenter.js'),
  ]);
  return { ...http, ...keys, ...presenter };
};

const origin = async (ctx: AppContext) => new URL(await publicBaseUrl(ctx)).origin;

/**
 * Keeps the followers' copies of the public articles in step: an article that became public and
 * published goes out as Create, an edit of one already sent as Update, one that was archived,
 * made internal or deleted as Delete (`fediverse_objects` remembers what was sent). Each follower
 * inbox (shared inboxes once) gets its own `fediverse.delivery` event, written at most once, so
 * each remote server is retried on its own.
 */
export async function fediverseSyncHandler(ctx: AppContext, event: DomainEvent, meta: EventMeta) {
  if (!ctx.config.federation) return;
  if (
    event.type !== 'article.published' &&
    event.type !== 'content.created' &&
    event.type !== 'content.updated' &&
    event.type !== 'content.deleted'
  )
    return;
  const { db } = ctx.database;
  const [row, sent] = await Promise.all([
    repo.findPublicArticle(db, event.contentId),
    repo.findSentObject(db, event.contentId),
  ]);
  if (!row && !sent) return;
  if (row && sent && event.type !== 'content.updated') return;
  const { createActivity, deleteActivity, updateActivity } = await federationCode();
  const base = await origin(ctx);
  const locale = (await findOrganisation(db))?.default_locale === 'en' ? 'en' : 'de';
  const now = isoNow(ctx.clock);
  const activity = row
    ? sent
      ? updateActivity(base, row, locale, now)
      : createActivity(base, row, locale)
    : deleteActivity(base, sent?.object_uri ?? '', now);
  const json = (await activity.toJsonLd()) as Record<string, unknown>;
  const inboxes = await repo.followerInboxes(db);
  await ctx.database.transaction(async (trx, _afterCommit, emit) => {
    let send = true;
    if (row && !sent) send = await repo.claimSent(trx, row.id, activity.objectId?.href ?? '', now);
    else if (row) await repo.touchSent(trx, row.id, now);
    else send = await repo.forgetSent(trx, event.contentId);
    if (!send) return;
    for (const inbox of inboxes)
      emit({ type: 'fediverse.delivery', inbox, activity: json }, `fediverse:${meta.id}:${inbox}`);
  });
}

/** Sends one activity to one inbox, signed by `@news`; the outbox retries failures with backoff. */
export async function fediverseDeliveryHandler(ctx: AppContext, event: DomainEvent) {
  if (event.type !== 'fediverse.delivery' || !ctx.config.federation) return;
  const { actorKeys, deliver, DeliveryRefused, keyId } = await federationCode();
  const keys = await actorKeys(ctx);
  try {
    await deliver(ctx, event.inbox, event.activity, {
      keyId: keyId(await origin(ctx)),
      privateKey: keys.privateKey,
    });
  } catch (error) {
    // Gone, refused for good (404, 410, 403 …): trying again a day long would change nothing.
    if (error instanceof DeliveryRefused) {
      ctx.log.warn({ inbox: event.inbox, status: error.status }, 'fediverse delivery refused for good');
      return;
    }
    throw error;
  }
}
