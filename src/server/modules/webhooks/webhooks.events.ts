import { createHmac } from 'node:crypto';
import type { WebhookEventType } from '../../../shared/api/webhooks.js';
import type { AppContext } from '../../context.js';
import type { WebhookRow } from '../../db/schema.js';
import type { DomainEvent, EventMeta } from '../../events/events.js';
import { outboundRequest } from '../../lib/outbound.js';
import { openText } from '../../lib/secret-box.js';
import { mayReadContent, spaceReadersAmong } from '../access/access.repo.js';
import * as commentsRepo from '../comments/comments.repo.js';
import * as contentRepo from '../content/content.repo.js';
import * as spacesRepo from '../spaces/spaces.repo.js';
import * as usersRepo from '../users/users.repo.js';
import * as repo from './webhooks.repo.js';

const DELIVERY_TIMEOUT_MS = 10_000;

/** What a receiver gets for a domain event, and whether a webhook's owner may know of it. */
interface Outgoing {
  type: WebhookEventType;
  data: Record<string, unknown>;
  mayReceive(ctx: AppContext, ownerId: number): Promise<boolean>;
}

const ownerActive = async (ctx: AppContext, ownerId: number) =>
  (await spaceReadersAmong(ctx.database.db, null, [ownerId])).length === 1;

async function contentEvent(
  ctx: AppContext,
  type: WebhookEventType,
  contentId: number,
  extra: Record<string, unknown> = {},
): Promise<Outgoing | undefined> {
  const content = await contentRepo.findContent(ctx.database.db, contentId);
  if (!content) return undefined;
  return {
    type,
    data: {
      contentId,
      kind: content.type,
      spaceId: content.space_id,
      profileUserId: content.profile_user_id,
      authorId: content.author_id,
      publishedAt: content.published_at,
      ...extra,
    },
    // Checked when the event is handled: content made private or deleted since is not sent.
    mayReceive: (ctx, ownerId) => mayReadContent(ctx.database.db, ownerId, contentId),
  };
}

/** Maps a domain event to its webhook event, if it has one. */
async function outgoingFor(ctx: AppContext, event: DomainEvent): Promise<Outgoing | undefined> {
  const { db } = ctx.database;
  switch (event.type) {
    case 'content.created':
      return contentEvent(ctx, 'content.created', event.contentId);
    case 'content.updated':
      return contentEvent(ctx, 'content.updated', event.contentId);
    case 'article.published':
      return contentEvent(ctx, 'article.published', event.contentId);
    case 'reaction.changed':
      return event.added
        ? contentEvent(ctx, 'reaction.added', event.contentId, { userId: event.userId })
        : undefined;
    case 'comment.created': {
      const comment = await commentsRepo.findComment(db, event.commentId);
      if (!comment) return undefined;
      return contentEvent(ctx, 'comment.created', event.contentId, {
        commentId: event.commentId,
        commentAuthorId: event.authorId,
        parentId: comment.parent_id,
      });
    }
    case 'content.deleted':
      return {
        type: 'content.deleted',
        data: { contentId: event.contentId, spaceId: event.spaceId, profileUserId: event.profileUserId },
        mayReceive: async (ctx, ownerId) =>
          (await spaceReadersAmong(ctx.database.db, event.spaceId, [ownerId])).length === 1,
      };
    case 'user.changed': {
      if (!event.change) return undefined;
      const user = await usersRepo.findUserById(db, event.userId);
      if (!user) return undefined;
      return {
        type: event.change === 'created' ? 'user.created' : 'user.deactivated',
        data: { userId: user.id, name: user.name, handle: user.handle },
        mayReceive: ownerActive,
      };
    }
    case 'space.changed': {
      if (!event.created) return undefined;
      const space = await spacesRepo.findSpace(db, event.spaceId);
      if (!space) return undefined;
      return {
        type: 'space.created',
        data: { spaceId: space.id, name: space.name, visibility: space.visibility },
        // A secret or private space is announced only to an owner who may read it.
        mayReceive: async (ctx, ownerId) =>
          (await spaceReadersAmong(ctx.database.db, space.id, [ownerId])).length === 1,
      };
    }
    default:
      return undefined;
  }
}

const subscribes = (hook: WebhookRow, type: string) => {
  const events: string[] = JSON.parse(hook.events);
  return events.includes('*') || events.includes(type);
};

/**
 * Fans a domain event out to the webhooks that want it: one outbox event per webhook, written at
 * most once (dedupe key), so each receiver is retried on its own and a retry of this handler never
 * doubles a delivery.
 */
export async function webhookFanOutHandler(ctx: AppContext, event: DomainEvent, meta: EventMeta) {
  if (event.type === 'webhook.delivery') return;
  const hooks = await repo.activeWebhooks(ctx.database.db);
  if (hooks.length === 0) return;
  const outgoing = await outgoingFor(ctx, event);
  if (!outgoing) return;
  const receivers: WebhookRow[] = [];
  for (const hook of hooks)
    if (
      subscribes(hook, outgoing.type) &&
      // A deactivated owner's webhooks fall silent; then the owner must be able to read it.
      (await ownerActive(ctx, hook.owner_id)) &&
      (await outgoing.mayReceive(ctx, hook.owner_id))
    )
      receivers.push(hook);
  if (receivers.length === 0) return;
  await ctx.database.transaction(async (_trx, _afterCommit, emit) => {
    for (const hook of receivers)
      emit(
        {
          type: 'webhook.delivery',
          webhookId: hook.id,
          eventId: meta.id,
          eventType: outgoing.type,
          occurredAt: meta.occurredAt,
          data: outgoing.data,
        },
        `webhook:${hook.id}:${meta.id}`,
      );
  });
}

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`: what a receiver verifies (docs/WEBHOOKS.md). */
export function signature(secret: string, timestamp: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return `t=${timestamp},v1=${mac}`;
}

/** Sends one delivery; anything but a 2xx answer throws, and the outbox retries with backoff. */
export async function webhookDeliveryHandler(ctx: AppContext, event: DomainEvent, meta: EventMeta) {
  if (event.type !== 'webhook.delivery') return;
  const { db } = ctx.database;
  const hook = await repo.findWebhook(db, event.webhookId);
  if (hook?.active !== 1) return;
  const body = JSON.stringify({
    id: event.eventId,
    type: event.eventType,
    occurredAt: event.occurredAt,
    data: event.data,
  });
  const started = Date.now();
  let statusCode: number | null = null;
  let error: string | null = null;
  try {
    // Inside the try: a secret that no longer opens (the key changed) is logged as this delivery's error.
    const secret = openText(
      ctx,
      hook.secret,
      'webhook signing secret',
      'Restore the key, or delete the webhook and create it again.',
    );
    const response = await outboundRequest(hook.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Kantine-Webhooks/1',
        'kantine-event-id': String(event.eventId),
        'kantine-signature': signature(secret, Math.floor(Date.now() / 1000), body),
      },
      body,
      timeoutMs: DELIVERY_TIMEOUT_MS,
      allowPrivate: ctx.config.outboundAllowPrivate,
    });
    statusCode = response.status;
    if (statusCode < 200 || statusCode > 299) error = `answered ${statusCode}`;
  } catch (failure) {
    error = failure instanceof Error ? failure.message : String(failure);
  }
  await repo.insertDelivery(db, {
    webhookId: hook.id,
    eventId: event.eventId,
    eventType: event.eventType,
    attempt: meta.attempt,
    statusCode,
    error: error?.slice(0, 500) ?? null,
    durationMs: Date.now() - started,
    now: new Date().toISOString(),
  });
  if (error) throw new Error(`webhook ${hook.id}: ${error}`);
}
