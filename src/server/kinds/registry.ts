import type { Kysely } from 'kysely';
import { z } from 'zod';
import { page } from '../../shared/api/common.js';
import { type feedItemBase, kindItem } from '../../shared/api/content.js';
import type { AppContext } from '../context.js';
import type { DB } from '../db/schema.js';
import type { DomainEvent, EventHandler } from '../events/events.js';
import type { Api } from '../http/api.js';
import { fail } from '../http/errors.js';
import type { Viewer } from '../http/viewer.js';
import { type ContentPolicy, defaultContentPolicy } from '../modules/access/rules.js';

/*
 * Content kinds register here what is specific to them; feeds, hydration, search indexing,
 * notifications and live delivery iterate over the registry and never name a kind. A kind's row in
 * `content` carries everything common (container, author, state, pinned, times); its own table
 * carries the rest and is loaded a page at a time by `load`.
 */

export interface KindCard {
  /** The common `body` and `html` of the feed item (a post's text, an article's teaser). */
  body: string;
  html: string;
  /** Whether the card lists the item's attached files (an article's images belong to its text). */
  showAttachments: boolean;
  /** The kind's own part of the feed item, checked against `itemPart`. */
  part: Record<string, unknown>;
}

/**
 * A kind that is a post with more (a poll is a post with options): it claims one field of the body
 * of the post-create endpoints (`POST /api/v1/spaces/:id/posts`, `POST /api/v1/users/:id/posts`).
 * When a body carries the field, the post is created with this kind as its `content.type` (its text
 * still in `posts`), and `create` writes the kind's own rows in the same transaction. Such items are
 * edited like posts (their text) through `PATCH /api/v1/content/:id`. At most one kind per body.
 */
export interface PostExtension {
  /** The claimed field of the post body, e.g. `poll`. */
  field: string;
  /** Its schema (checked by the route, documented in OpenAPI). */
  schema: z.ZodType;
  /** Checks that need more than the schema (e.g. a time in the future); throws `fail.*`. */
  check?(value: unknown, now: Date): void;
  create(trx: Kysely<DB>, contentId: number, value: unknown): Promise<void>;
}

export interface KindRow {
  content_id: number;
}

// biome-ignore lint/suspicious/noExplicitAny: each kind has its own row type; the registry holds them all.
export interface ContentKind<Row extends KindRow = any> {
  /** `content.type`, the `kind` of its feed items, and its document type in the search index. */
  name: string;
  /** Its part of the shared feed item (zod shape), e.g. `{ article: articleCard }`. */
  itemPart: z.ZodRawShape;
  /**
   * Its rows for a page of items, in one batched query (a fixed few at most, never one per item).
   * Rows and cards must not depend on who looks: they may be cached and shown to everyone who may
   * read the item. What depends on the viewer comes from `personal`.
   */
  load(db: Kysely<DB>, ids: number[]): Promise<Row[]>;
  card(row: Row): KindCard;
  /**
   * What of the kind's part depends on the viewer (their own vote, their confirmation, results
   * shown only to some), for a page of rows in a fixed few queries: per content id, fields
   * shallow-merged over `card(row).part`. Never cached.
   */
  personal?(
    db: Kysely<DB>,
    rows: Row[],
    viewerId: number,
    /** The app clock's now: what closes or expires is decided here, never cached. */
    now: Date,
  ): Promise<Map<number, Record<string, unknown>>>;
  /**
   * Items of this kind whose cached rows or cards an event changes, beyond what the common events
   * (content.*, comment.*, reaction.changed, space.changed, user.changed, file.changed) already
   * drop from the item cache (stream/item-cache.events.ts): e.g. a vote counted on the card.
   */
  invalidatedBy?(event: DomainEvent): number[];
  /** One line about the item: the excerpt of notifications about it. */
  summary(row: Row): string;
  /** What the search index holds (Markdown allowed; the title defaults to the text's start); null: not indexed. */
  searchText(row: Row): { title?: string; text: string } | null;
  /** Where an item opens in the web app. */
  url(contentId: number): string;
  /** Where a notification of one of the kind's own types leads, when not to `url` (undefined: `url`). */
  notificationUrl?(type: string, contentId: number): string | undefined;
  /** Replaces the default rules of some actions (access/rules.ts) for this kind. */
  policy?: Partial<ContentPolicy>;
  /**
   * The kind's own delete use case, permission check included; every delete endpoint for its
   * items (the generic DELETE /api/v1/content/:id and the kind's own) runs this one.
   */
  remove?(ctx: AppContext, viewer: Viewer, contentId: number): Promise<void>;
  /** See `PostExtension`: the kind is created through the post endpoints when their body has its field. */
  postExtension?: PostExtension;
  /** The kind's own HTTP routes; buildApp registers them with every other route. */
  routes?(app: Api, ctx: AppContext): void;
  /**
   * The kind's own outbox handler (its live messages, notifications) for the event `types` it
   * handles, run under the name `kind:<name>` after the built-in handlers.
   */
  events?: { types: readonly DomainEvent['type'][]; handle: EventHandler };
}

/** A feed item of any registered kind: the common fields plus the kind's part. */
export type AnyFeedItem = z.infer<typeof feedItemBase> & {
  kind: string;
  type: string;
  [part: string]: unknown;
};

export interface KindRegistry {
  readonly all: readonly ContentKind[];
  get(name: string): ContentKind | undefined;
  /** The rules of every action on items of this kind. */
  policyOf(name: string): typeof defaultContentPolicy;
  /** Response schemas over every registered kind (OpenAPI documents each kind's part). */
  itemSchema: z.ZodType<AnyFeedItem>;
  pageSchema: z.ZodType<{ items: AnyFeedItem[]; nextCursor: string | null }>;
  /** The fields kinds claim in the post-create body (`PostExtension`), as an optional zod shape. */
  postFields: z.ZodRawShape;
  /** The kind whose claimed field a post body carries (undefined: a plain post). */
  claimOf(
    body: Record<string, unknown>,
  ): { kind: ContentKind; extension: PostExtension; value: unknown } | undefined;
}

export function createKindRegistry(kinds: readonly ContentKind[]): KindRegistry {
  const byName = new Map<string, ContentKind>();
  for (const kind of kinds) {
    if (!/^[a-z][a-z_]*$/.test(kind.name)) throw new Error(`content kind name "${kind.name}" must be [a-z_]`);
    if (byName.has(kind.name)) throw new Error(`content kind "${kind.name}" is registered twice`);
    byName.set(kind.name, kind);
  }
  const policies = new Map(kinds.map((kind) => [kind.name, { ...defaultContentPolicy, ...kind.policy }]));
  const variants = kinds.map((kind) => kindItem(kind.name, kind.itemPart));
  const itemSchema = (variants.length === 1
    ? variants[0]
    : z.discriminatedUnion(
        'kind',
        variants as unknown as [(typeof variants)[0], ...typeof variants],
      )) as unknown as z.ZodType<AnyFeedItem>;
  const extended = kinds.flatMap((kind) =>
    kind.postExtension ? [{ kind, extension: kind.postExtension }] : [],
  );
  return {
    all: kinds,
    postFields: Object.fromEntries(
      extended.map(({ extension }) => [extension.field, extension.schema.optional()]),
    ),
    claimOf(body) {
      const claims = extended.filter(({ extension }) => body[extension.field] !== undefined);
      if (claims.length > 1)
        throw fail.badRequest(
          'bad_request',
          `A post may carry only one of ${claims.map((c) => c.extension.field).join(', ')}.`,
        );
      const [claim] = claims;
      return claim && { ...claim, value: body[claim.extension.field] };
    },
    get: (name) => byName.get(name),
    policyOf: (name) => policies.get(name) ?? defaultContentPolicy,
    itemSchema,
    pageSchema: page(itemSchema) as unknown as KindRegistry['pageSchema'],
  };
}
