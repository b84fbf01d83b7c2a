import {
  Accept,
  type Actor,
  Article,
  Create,
  createFederation,
  Delete,
  Endpoints,
  type Federation,
  Follow,
  Image,
  isActor,
  MemoryKvStore,
  Note,
  Organization,
  Undo,
} from '@fedify/fedify';
import type { AppContext } from '../../context.js';
import { findOrganisation } from '../organisation/organisation.repo.js';
import { authenticatedLoader, documentLoader } from './fediverse.http.js';
import { actorKeys } from './fediverse.keys.js';
import { ACTOR_IDENTIFIER, articleObject, createActivity, paths } from './fediverse.presenter.js';
import * as repo from './fediverse.repo.js';
import * as service from './fediverse.service.js';

const OUTBOX_PAGE = 20;

const localeOf = (organisation: { default_locale: string } | undefined) =>
  organisation?.default_locale === 'en' ? 'en' : 'de';

/** `<published_at>|<id>` of the last item on a page; anything else is no position. */
function readPosition(cursor: string): { at: string; id: number } | undefined {
  const match = /^(\d{4}-\d\d-\d\dT[\d:.]+Z)\|(\d{1,12})$/.exec(cursor);
  return match ? { at: match[1], id: Number(match[2]) } : undefined;
}

function remoteActor(actor: Actor): service.RemoteActor | undefined {
  if (!actor.id || !actor.inboxId) return undefined;
  return {
    uri: actor.id.href,
    inbox: actor.inboxId.href,
    sharedInbox: actor.endpoints?.sharedInbox?.href ?? null,
    username: actor.preferredUsername?.toString() ?? null,
    name: actor.name?.toString() ?? null,
    url: actor.url instanceof URL ? actor.url.href : null,
  };
}

/**
 * The newsroom as an ActivityPub actor, built with Fedify: WebFinger, the actor, its outbox and
 * followers, the articles as objects, and an inbox whose HTTP signatures Fedify verifies (unsigned
 * or invalid: 401). Fetching remote documents goes through `lib/outbound.ts`. Nothing is sent from
 * here: replies to the inbox (Accept) and deliveries go through the durable outbox
 * (`fediverse.delivery`), signed when they are sent.
 */
export function buildFederation(ctx: AppContext): Federation<void> {
  const { db } = ctx.database;
  const federation = createFederation<void>({
    // Only caches (remote keys, seen activity ids); every node may keep its own.
    kv: new MemoryKvStore(),
    documentLoaderFactory: () => documentLoader(ctx),
    contextLoaderFactory: () => documentLoader(ctx),
    authenticatedDocumentLoaderFactory: (identity) => authenticatedLoader(ctx, identity),
  });

  federation
    .setActorDispatcher('/ap/actor/{identifier}', async (fctx, identifier) => {
      if (identifier !== ACTOR_IDENTIFIER) return null;
      const organisation = await findOrganisation(db);
      const name = organisation?.name ?? 'Kantine';
      const base = fctx.url.origin;
      const keys = await fctx.getActorKeyPairs(identifier);
      return new Organization({
        id: fctx.getActorUri(identifier),
        preferredUsername: identifier,
        name,
        summary: localeOf(organisation) === 'en' ? `News from ${name}` : `Neuigkeiten von ${name}`,
        url: new URL(`${base}/news`),
        icon: organisation?.logo_key
          ? new Image({ url: new URL(`${base}/api/v1/organisation/logo`), mediaType: 'image/webp' })
          : null,
        inbox: fctx.getInboxUri(identifier),
        outbox: fctx.getOutboxUri(identifier),
        followers: fctx.getFollowersUri(identifier),
        endpoints: new Endpoints({ sharedInbox: fctx.getInboxUri() }),
        publicKey: keys[0]?.cryptographicKey,
        assertionMethods: keys.map((key) => key.multikey),
        manuallyApprovesFollowers: false,
        discoverable: true,
      });
    })
    .setKeyPairsDispatcher(async (_fctx, identifier) =>
      identifier === ACTOR_IDENTIFIER ? [await actorKeys(ctx)] : [],
    );

  federation
    .setOutboxDispatcher('/ap/actor/{identifier}/outbox', async (fctx, identifier, cursor) => {
      if (identifier !== ACTOR_IDENTIFIER || cursor === null) return null;
      const locale = localeOf(await findOrganisation(db));
      const rows = await repo.publicArticlePage(db, {
        before: cursor ? readPosition(cursor) : undefined,
        limit: OUTBOX_PAGE,
      });
      const items = rows.slice(0, OUTBOX_PAGE);
      const last = items.at(-1);
      return {
        items: items.map((row) => createActivity(fctx.url.origin, row, locale)),
        nextCursor: rows.length > OUTBOX_PAGE && last ? `${last.published_at}|${last.id}` : null,
      };
    })
    .setCounter((_fctx, identifier) =>
      identifier === ACTOR_IDENTIFIER ? repo.countPublicArticles(db) : null,
    )
    .setFirstCursor(() => '');

  // The count only: who follows the company is nobody else's business.
  federation
    .setFollowersDispatcher('/ap/actor/{identifier}/followers', (_fctx, identifier) =>
      identifier === ACTOR_IDENTIFIER ? { items: [] } : null,
    )
    .setCounter((_fctx, identifier) => (identifier === ACTOR_IDENTIFIER ? repo.countFollowers(db) : null));

  federation.setObjectDispatcher(Article, '/ap/articles/{id}', async (fctx, values) => {
    if (!/^\d{1,12}$/.test(values.id)) return null;
    const row = await repo.findPublicArticle(db, Number(values.id));
    if (!row) return null;
    return articleObject(fctx.url.origin, row, localeOf(await findOrganisation(db)));
  });

  federation
    .setInboxListeners('/ap/actor/{identifier}/inbox', paths.sharedInbox)
    .on(Follow, async (fctx, follow) => {
      if (!follow.id || !follow.actorId || !follow.objectId) return;
      const target = fctx.parseUri(follow.objectId);
      if (target?.type !== 'actor' || target.identifier !== ACTOR_IDENTIFIER) return;
      const actor = await follow.getActor(fctx);
      const remote = actor && isActor(actor) ? remoteActor(actor) : undefined;
      if (!remote || remote.uri !== follow.actorId.href) return;
      const accept = new Accept({
        id: new URL(
          `${fctx.getActorUri(ACTOR_IDENTIFIER).href}#accepts/${encodeURIComponent(follow.id.href)}`,
        ),
        actor: fctx.getActorUri(ACTOR_IDENTIFIER),
        to: follow.actorId,
        object: follow,
      });
      await service.acceptFollow(
        ctx,
        remote,
        (await accept.toJsonLd({ contextLoader: fctx.contextLoader })) as Record<string, unknown>,
      );
    })
    .on(Undo, async (fctx, undo) => {
      if (!undo.actorId) return;
      const object = await undo.getObject(fctx).catch(() => null);
      if (object instanceof Follow && object.actorId?.href === undo.actorId.href)
        await service.unfollow(ctx, undo.actorId.href);
    })
    .on(Create, async (fctx, create) => {
      if (!create.actorId) return;
      const note = await create.getObject(fctx);
      if (!(note instanceof Note) || !note.id || !note.replyTargetId) return;
      // Only the author sends its own note, from its own server (Fedify checked that the signature
      // is the activity's actor's), so nobody can take another account's note id.
      if (note.attributionId?.href !== create.actorId.href || note.id.origin !== create.actorId.origin)
        return;
      const actor = await create.getActor(fctx);
      const remote = actor && isActor(actor) ? remoteActor(actor) : undefined;
      if (!remote) return;
      await service.receiveReply(ctx, {
        noteUri: note.id.href,
        inReplyTo: note.replyTargetId,
        html: note.content?.toString() ?? '',
        actor: remote,
      });
    })
    .on(Delete, async (_fctx, remove) => {
      if (!remove.actorId || !remove.objectId) return;
      await service.remoteDelete(ctx, remove.actorId.href, remove.objectId.href);
    })
    .onError((_fctx, error) => {
      ctx.log.warn({ err: error }, 'fediverse inbox: an activity could not be handled');
    });

  return federation;
}
