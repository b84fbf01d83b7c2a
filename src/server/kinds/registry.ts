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
 * A field a kind adds to the items of other kinds, written by whichever module creates those items:
 * the content module (posts) and the articles module both call the same hook without naming the
 * kinds that extend them. Two ways:
 * - `becomes`: an item of a listed kind created with the field becomes an item of this kind (a poll
 *   is a post with options: `content.type` is `poll`, its text still in `posts`, edited like a post
 *   through `PATCH /api/v1/content/:id`);
 * - `part`: an item of a listed kind keeps its kind and carries the field as a part of its feed
 *   item (an article with a poll); `part` loads, shows and personalises it, `replace` changes it
 *   when the item is edited.
 * At most one extending field per body.
 */
export interface ContentExtension {
  /** The claimed field of the body, e.g. `poll`; also the field of the item that carries it. */
  field: string;
  /** Its schema in create bodies (checked by the route, documented in OpenAPI). */
  schema: z.ZodType;
  /** Checks that need more than the schema (e.g. a time in the future); throws `fail.*`. */
  check?(value: unknown, now: Date): void;
  /** Writes the extension's rows for new content, in the transaction that creates it. */
  create(trx: Kysely<DB>, contentId: number, value: unknown): Promise<void>;
  /** Kinds whose items, created with the field, become items of the extending kind. */
  becomes?: readonly string[];
  part?: ExtensionPart;
}

export interface ExtensionPart {
  /** Kinds whose items carry the field as a part. */
  kinds: readonly string[];
  /** The part in the item (absent on items without it). */
  schema: z.ZodType;
  /** What everyone sees, per content id that has the extension (may be cached with the item's row). */
  load(db: Kysely<DB>, ids: number[]): Promise<Map<number, unknown>>;
  card(loaded: unknown): unknown;
  /** What depends on the viewer, per content id, replacing `card(loaded)`; never cached. */
  personal?(
    db: Kysely<DB>,
    loaded: Map<number, unknown>,
    viewerId: number,
    now: Date,
  ): Promise<Map<number, unknown>>;
  /**
   * Changes the field of existing content in its edit's transaction (null: removes it). Unchanged
   * values change nothing; throws `fail.*` when the change is refused.
   */
  replace(trx: Kysely<DB>, contentId: number, value: unknown, now: Date): Promise<void>;
}

/** Where a kind's extension parts are kept in its (cacheable) rows. */
const PARTS = '__parts';

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
  /** See `ContentExtension`: the field this kind adds to items of other kinds. */
  extension?: ContentExtension;
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
  /** The fields extensions add to the create body of items of `host` (`ContentExtension`), optional. */
  createFields(host: string): z.ZodRawShape;
  /** The fields extensions let the edit body of `host` items change (null removes), optional. */
  updateFields(host: string): z.ZodRawShape;
  /** The parts extensions add to `host` items in responses (`ExtensionPart`), optional. */
  partFields(host: string): z.ZodRawShape;
  /**
   * The extension whose field a create body of a `host` item carries (undefined: none), and the
   * `type` the new content gets (the extending kind's name, or `host` when it is a part).
   */
  claimOf(
    host: string,
    body: Record<string, unknown>,
  ): { kind: ContentKind; extension: ContentExtension; value: unknown; type: string } | undefined;
  /** The extension parts of `host` items for a viewer, per content id (for responses other than feed items). */
  partsOf(
    host: string,
    db: Kysely<DB>,
    ids: number[],
    viewerId: number,
    now: Date,
  ): Promise<Map<number, Record<string, unknown>>>;
  /** Applies the extension fields an edit body of a `host` item carries, inside its transaction. */
  replaceParts(
    host: string,
    trx: Kysely<DB>,
    contentId: number,
    body: Record<string, unknown>,
    now: Date,
  ): Promise<void>;
}

type Extended = { kind: ContentKind; extension: ContentExtension };

/**
 * A host kind with the parts extensions add: its rows also hold the parts (so they are cached
 * together), its card shows them, its `personal` adds the viewer's view of them.
 */
function withParts(host: ContentKind, parts: Array<{ field: string; part: ExtensionPart }>): ContentKind {
  if (parts.length === 0) return host;
  const partsOfRow = (row: KindRow) =>
    ((row as unknown as Record<string, unknown>)[PARTS] ?? {}) as Record<string, unknown>;
  const kind: ContentKind = {
    ...host,
    itemPart: {
      ...host.itemPart,
      ...Object.fromEntries(parts.map(({ field, part }) => [field, part.schema.optional()])),
    },
    async load(db, ids) {
      const [rows, ...loaded] = await Promise.all([
        host.load(db, ids),
        ...parts.map(({ part }) => part.load(db, ids)),
      ]);
      return rows.map((row: KindRow) => {
        const own: Record<string, unknown> = {};
        parts.forEach(({ field }, index) => {
          const value = loaded[index]?.get(row.content_id);
          if (value !== undefined) own[field] = value;
        });
        return { ...row, [PARTS]: own };
      });
    },
    card(row) {
      const card = host.card(row);
      const own = partsOfRow(row);
      const shown = parts.flatMap(({ field, part }) =>
        field in own ? [[field, part.card(own[field])]] : [],
      );
      return { ...card, part: { ...card.part, ...Object.fromEntries(shown) } };
    },
    async personal(db, rows, viewerId, now) {
      const [mine, ...theirs] = await Promise.all([
        host.personal ? host.personal(db, rows, viewerId, now) : new Map<number, Record<string, unknown>>(),
        ...parts.map(({ field, part }) => {
          const loaded = new Map<number, unknown>();
          for (const row of rows) {
            const own = partsOfRow(row);
            if (field in own) loaded.set(row.content_id, own[field]);
          }
          return part.personal && loaded.size > 0
            ? part.personal(db, loaded, viewerId, now)
            : new Map<number, unknown>();
        }),
      ]);
      const merged = new Map(mine);
      parts.forEach(({ field }, index) => {
        for (const [id, value] of theirs[index] ?? []) merged.set(id, { ...merged.get(id), [field]: value });
      });
      return merged;
    },
  };
  return kind;
}

export function createKindRegistry(declared: readonly ContentKind[]): KindRegistry {
  const names = new Set<string>();
  for (const kind of declared) {
    if (!/^[a-z][a-z_]*$/.test(kind.name)) throw new Error(`content kind name "${kind.name}" must be [a-z_]`);
    if (names.has(kind.name)) throw new Error(`content kind "${kind.name}" is registered twice`);
    names.add(kind.name);
  }
  const extended: Extended[] = declared.flatMap((kind) =>
    kind.extension ? [{ kind, extension: kind.extension }] : [],
  );
  const partsFor = (host: string) =>
    extended.flatMap(({ extension }) =>
      extension.part?.kinds.includes(host) ? [{ field: extension.field, part: extension.part }] : [],
    );
  const extending = (host: string) =>
    extended.filter(
      ({ extension }) => extension.becomes?.includes(host) || extension.part?.kinds.includes(host),
    );
  const kinds = declared.map((kind) => withParts(kind, partsFor(kind.name)));
  const byName = new Map(kinds.map((kind) => [kind.name, kind]));
  const policies = new Map(kinds.map((kind) => [kind.name, { ...defaultContentPolicy, ...kind.policy }]));
  const variants = kinds.map((kind) => kindItem(kind.name, kind.itemPart));
  const itemSchema = (variants.length === 1
    ? variants[0]
    : z.discriminatedUnion(
        'kind',
        variants as unknown as [(typeof variants)[0], ...typeof variants],
      )) as unknown as z.ZodType<AnyFeedItem>;
  return {
    all: kinds,
    createFields: (host) =>
      Object.fromEntries(
        extending(host).map(({ extension }) => [extension.field, extension.schema.optional()]),
      ),
    updateFields: (host) =>
      Object.fromEntries(
        partsFor(host).map(({ field }) => {
          const extension = extended.find((e) => e.extension.field === field)?.extension as ContentExtension;
          return [field, extension.schema.nullable().optional()];
        }),
      ),
    partFields: (host) =>
      Object.fromEntries(partsFor(host).map(({ field, part }) => [field, part.schema.optional()])),
    claimOf(host, body) {
      const claims = extending(host).filter(({ extension }) => body[extension.field] !== undefined);
      if (claims.length > 1)
        throw fail.badRequest(
          'bad_request',
          `Only one of ${claims.map((c) => c.extension.field).join(', ')} may be given.`,
        );
      const [claim] = claims;
      return (
        claim && {
          ...claim,
          value: body[claim.extension.field],
          type: claim.extension.becomes?.includes(host) ? claim.kind.name : host,
        }
      );
    },
    async partsOf(host, db, ids, viewerId, now) {
      const result = new Map<number, Record<string, unknown>>(ids.map((id) => [id, {}]));
      await Promise.all(
        partsFor(host).map(async ({ field, part }) => {
          const loaded = await part.load(db, ids);
          const personal =
            part.personal && loaded.size > 0 ? await part.personal(db, loaded, viewerId, now) : new Map();
          for (const [id, value] of loaded) {
            const shown = personal.has(id) ? personal.get(id) : part.card(value);
            result.set(id, { ...result.get(id), [field]: shown });
          }
        }),
      );
      return result;
    },
    async replaceParts(host, trx, contentId, body, now) {
      for (const { field, part } of partsFor(host))
        if (body[field] !== undefined) await part.replace(trx, contentId, body[field], now);
    },
    get: (name) => byName.get(name),
    policyOf: (name) => policies.get(name) ?? defaultContentPolicy,
    itemSchema,
    pageSchema: page(itemSchema) as unknown as KindRegistry['pageSchema'],
  };
}
