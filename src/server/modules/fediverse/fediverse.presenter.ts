import { Article, Create, Delete, Image, PUBLIC_COLLECTION, Tombstone, Update } from '@fedify/fedify';
import { Temporal } from '@js-temporal/polyfill';
import type { Locale } from '../../../shared/api/common.js';
import { escapeHtml } from '../../lib/html.js';
import { withImageCredits, withoutIntranetLinks } from '../articles/articles.images.js';
import type { FederatedArticleRow } from './fediverse.repo.js';
import { ACTOR_IDENTIFIER } from './fediverse.text.js';

export { ACTOR_IDENTIFIER };

/* Where things live: the same paths the Fedify dispatchers are registered on (fediverse.federation.ts). */

export const paths = {
  actor: `/ap/actor/${ACTOR_IDENTIFIER}`,
  inbox: `/ap/actor/${ACTOR_IDENTIFIER}/inbox`,
  outbox: `/ap/actor/${ACTOR_IDENTIFIER}/outbox`,
  followers: `/ap/actor/${ACTOR_IDENTIFIER}/followers`,
  sharedInbox: '/ap/inbox',
  article: (contentId: number) => `/ap/articles/${contentId}`,
};
export const actorUri = (base: string) => new URL(`${base}${paths.actor}`);
export const keyId = (base: string) => new URL(`${base}${paths.actor}#main-key`);
export const articleUri = (base: string, contentId: number) => new URL(`${base}${paths.article(contentId)}`);
export const newsroomUrl = (base: string, slug: string) => `${base}/news/${encodeURIComponent(slug)}`;

const instant = (iso: string) => Temporal.Instant.from(iso);

/** A public article as an ActivityPub `Article`: title, teaser as summary, the newsroom's HTML, its cover. */
export function articleObject(base: string, row: FederatedArticleRow, locale: Locale): Article {
  const body = withImageCredits(
    withoutIntranetLinks(row.body_html),
    [],
    locale,
    (id) => `${base}/news/media/${id}`,
  );
  const content = `${row.teaser ? `<p>${escapeHtml(row.teaser)}</p>` : ''}${body}`;
  const url = newsroomUrl(base, row.slug);
  return new Article({
    id: articleUri(base, row.id),
    attribution: actorUri(base),
    name: row.title,
    summary: row.teaser || null,
    content: `${content}<p><a href="${escapeHtml(url)}">${escapeHtml(url)}</a></p>`,
    url: new URL(url),
    published: row.published_at ? instant(row.published_at) : null,
    updated: row.edited_at ? instant(row.edited_at) : null,
    to: PUBLIC_COLLECTION,
    cc: new URL(`${base}${paths.followers}`),
    image: row.cover_file_id
      ? new Image({
          url: new URL(`${base}/news/media/${row.cover_file_id}`),
          mediaType: row.cover_mime ?? 'image/webp',
        })
      : null,
  });
}

const addressing = (base: string) => ({
  actor: actorUri(base),
  to: PUBLIC_COLLECTION,
  cc: new URL(`${base}${paths.followers}`),
});

export function createActivity(base: string, row: FederatedArticleRow, locale: Locale): Create {
  const object = articleObject(base, row, locale);
  return new Create({
    id: new URL(`${object.id?.href}#create`),
    ...addressing(base),
    published: object.published,
    object,
  });
}

export function updateActivity(base: string, row: FederatedArticleRow, locale: Locale, at: string): Update {
  const object = articleObject(base, row, locale);
  return new Update({
    id: new URL(`${object.id?.href}#update-${Date.parse(at)}`),
    ...addressing(base),
    updated: instant(at),
    object,
  });
}

export function deleteActivity(base: string, objectUri: string, at: string): Delete {
  return new Delete({
    id: new URL(`${objectUri}#delete-${Date.parse(at)}`),
    ...addressing(base),
    object: new Tombstone({ id: new URL(objectUri), deleted: instant(at) }),
  });
}
