import type { AppContext } from '../../context.js';
import { fail } from '../../http/errors.js';
import { publicBaseUrl } from '../../http/urls.js';
import type { Viewer } from '../../http/viewer.js';
import { isoNow } from '../../lib/clock.js';
import { isEditor } from '../access/rules.js';
import * as newsroomRepo from '../newsroom/newsroom.repo.js';
import * as repo from './fediverse.repo.js';
import { ACTOR_IDENTIFIER, noteText } from './fediverse.text.js';

/* The newsroom actor's use cases: what its inbox does, and what the desk sees. */

const MAX_NAME = 100;
const MAX_REPLY = 3000;

export interface RemoteActor {
  uri: string;
  inbox: string;
  sharedInbox: string | null;
  username: string | null;
  name: string | null;
  url: string | null;
}

export const handleOf = (actor: RemoteActor) => `@${actor.username ?? 'unknown'}@${new URL(actor.uri).host}`;

/** A Follow of `@news`: the follower is stored and an Accept goes to its inbox, in one transaction. */
export async function acceptFollow(ctx: AppContext, actor: RemoteActor, accept: Record<string, unknown>) {
  await ctx.database.transaction(async (trx, _afterCommit, emit) => {
    await repo.upsertFollower(trx, {
      actorUri: actor.uri,
      inbox: actor.inbox,
      sharedInbox: actor.sharedInbox,
      handle: handleOf(actor),
      name: (actor.name ?? '').slice(0, MAX_NAME),
      now: isoNow(ctx.clock),
    });
    emit({ type: 'fediverse.delivery', inbox: actor.inbox, activity: accept });
  });
}

export async function unfollow(ctx: AppContext, actorUri: string) {
  await repo.removeFollower(ctx.database.db, actorUri);
}

/** Which of our public articles a URL means: its ActivityPub id or its newsroom page. */
export async function articleForUrl(ctx: AppContext, url: URL) {
  const base = new URL(await publicBaseUrl(ctx));
  if (url.origin !== base.origin) return undefined;
  const { db } = ctx.database;
  const byId = /^\/ap\/articles\/(\d{1,12})$/.exec(url.pathname);
  if (byId) return repo.findPublicArticle(db, Number(byId[1]));
  const bySlug = /^\/news\/([^/]+)$/.exec(url.pathname);
  if (bySlug) return repo.findPublicArticleBySlug(db, decodeURIComponent(bySlug[1]));
  return undefined;
}

/**
 * A reply from the Fediverse to one of our articles becomes a guest comment waiting for
 * moderation — always, whatever the article's guest-comment setting (never published unseen);
 * none at all where guest comments are off. The same note arriving twice is stored once.
 */
export async function receiveReply(
  ctx: AppContext,
  reply: { noteUri: string; inReplyTo: URL; html: string; actor: RemoteActor },
): Promise<'stored' | 'ignored'> {
  const article = await articleForUrl(ctx, reply.inReplyTo);
  if (!article || article.guest_comments === 'off') return 'ignored';
  const { db } = ctx.database;
  if (await repo.findReply(db, reply.noteUri)) return 'ignored';
  const body = noteText(reply.html).slice(0, MAX_REPLY);
  if (!body) return 'ignored';
  const handle = handleOf(reply.actor);
  const name = reply.actor.name ? `${reply.actor.name} (${handle})` : handle;
  const now = isoNow(ctx.clock);
  await ctx.database.transaction(async (trx, _afterCommit, emit) => {
    const guestCommentId = await newsroomRepo.insertGuestComment(trx, {
      contentId: article.id,
      name: name.slice(0, MAX_NAME),
      email: '',
      website: (reply.actor.url ?? reply.actor.uri).slice(0, 200),
      body,
      state: 'pending',
      now,
    });
    await repo.insertReply(trx, { noteUri: reply.noteUri, actorUri: reply.actor.uri, guestCommentId, now });
    emit({ type: 'guest_comment.created', contentId: article.id, guestCommentId });
  });
  return 'stored';
}

/** A Delete from a remote account: of one of its replies, or of the account itself. */
export async function remoteDelete(ctx: AppContext, actorUri: string, objectUri: string) {
  await ctx.database.transaction(async (trx) => {
    if (objectUri === actorUri) await repo.deleteActor(trx, actorUri);
    else await repo.deleteReply(trx, objectUri, actorUri);
  });
}

/** For the desk: how to be found and how many follow (editors and admins). */
export async function federationStatus(ctx: AppContext, viewer: Viewer) {
  if (!isEditor(viewer))
    throw fail.forbidden('Only editors see the newsroom on the Fediverse.', 'not_an_editor');
  const base = new URL(await publicBaseUrl(ctx));
  return {
    enabled: ctx.config.federation,
    handle: `@${ACTOR_IDENTIFIER}@${base.host}`,
    followers: await repo.countFollowers(ctx.database.db),
  };
}
