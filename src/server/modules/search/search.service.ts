import type { z } from 'zod';
import type { searchQuery } from '../../../shared/api/search.js';
import type { AppContext } from '../../context.js';
import { writeBatcher } from '../../db/write-batch.js';
import { encodeCursor, readCursor } from '../../http/cursor.js';
import { fail } from '../../http/errors.js';
import type { Viewer } from '../../http/viewer.js';
import { documentText } from '../../lib/documents.js';
import { knownMemberships, membershipsOf } from '../access/memberships.js';
import * as contentRepo from '../content/content.repo.js';
import * as spacesRepo from '../spaces/spaces.repo.js';
import * as uploadsRepo from '../uploads/uploads.repo.js';
import { parseSkills } from '../users/users.presenter.js';
import * as usersRepo from '../users/users.repo.js';
import * as query from './query.repo.js';
import { hashtagHit, present } from './search.presenter.js';
import * as repo from './search.repo.js';
import {
  indexTerms,
  isEmpty,
  type ParsedQuery,
  parseQuery,
  plainText,
  toFts5Checked,
  toTsquery,
} from './search.text.js';

const seconds = (iso: string) => Math.floor(new Date(iso).getTime() / 1000);
const TITLE_LENGTH = 90;

function titleFrom(text: string): string {
  const plain = plainText(text);
  return plain.length > TITLE_LENGTH ? `${plain.slice(0, TITLE_LENGTH - 1)}…` : plain;
}

/* Keeping the index current: called after commit by the event handler, and by reindex. */

/** A change of the index: a document replaced (its old row, new row and SQLite FTS5 row) or removed. */
type IndexWrite =
  | { upsert: repo.IndexDoc }
  | { remove: { docType: string; docId: number } }
  | { removeFile: string };

/**
 * Index changes of events handled together share one transaction (db/write-batch.ts): a new post's
 * index commit, with its FTS5 segment, had been the costliest part of creating it.
 */
const writeIndex = writeBatcher<IndexWrite>(async (trx, writes, database) => {
  for (const change of writes) {
    if ('upsert' in change) await repo.upsertDoc(trx, database.dialect, change.upsert);
    else if ('remove' in change) await repo.removeDoc(trx, change.remove.docType, change.remove.docId);
    else await repo.removeFileDoc(trx, change.removeFile);
  }
});

const upsertDoc = (ctx: AppContext, doc: repo.IndexDoc) => writeIndex(ctx.database, { upsert: doc });

export async function indexPerson(ctx: AppContext, userId: number) {
  const { db } = ctx.database;
  const user = await usersRepo.findUserById(db, userId);
  if (!user) return removeDoc(ctx, 'person', userId);
  const text = [
    user.name,
    user.handle,
    user.title,
    user.department,
    user.location,
    ...parseSkills(user.skills),
    user.about,
  ].join(' ');
  const terms = indexTerms(text);
  await upsertDoc(ctx, {
    docType: 'person',
    docId: user.id,
    contentId: null,
    spaceId: null,
    authorId: null,
    title: user.name,
    body: [user.title, user.department, parseSkills(user.skills).join(', '), user.about]
      .filter(Boolean)
      .join(' · '),
    createdTs: seconds(user.created_at),
    rawTerms: terms.raw,
    stemTerms: terms.stems,
  });
}

export async function indexSpace(ctx: AppContext, spaceId: number) {
  const { db } = ctx.database;
  const space = await spacesRepo.findSpace(db, spaceId);
  if (!space) return removeDoc(ctx, 'space', spaceId);
  const terms = indexTerms(`${space.name} ${space.description}`);
  await upsertDoc(ctx, {
    docType: 'space',
    docId: space.id,
    contentId: null,
    spaceId: space.id,
    authorId: null,
    title: space.name,
    body: space.description,
    createdTs: seconds(space.created_at),
    rawTerms: terms.raw,
    stemTerms: terms.stems,
  });
}

/** An item of any content kind, while published; its kind says what text it gives (kinds/registry.ts). */
export async function indexContent(ctx: AppContext, contentId: number) {
  const { db } = ctx.database;
  const content = await contentRepo.findContent(db, contentId);
  const kind = content && ctx.kinds.get(content.type);
  if (!content || !kind) return;
  const [row] = content.state === 'published' ? await kind.load(db, [contentId]) : [];
  const doc = row ? kind.searchText(row) : null;
  if (!doc) return removeDoc(ctx, kind.name, contentId);
  // An item of only pictures or files is found by their names.
  const rawText = doc.text.trim() ? doc.text : (await repo.attachmentNames(db, content.id)).join(', ');
  const text = plainText(rawText);
  const terms = indexTerms(doc.title ? `${doc.title} ${text}` : text);
  await upsertDoc(ctx, {
    docType: kind.name,
    docId: content.id,
    contentId: content.id,
    spaceId: content.space_id,
    authorId: content.author_id,
    title: doc.title ?? titleFrom(rawText),
    body: text,
    createdTs: seconds(content.published_at ?? content.created_at),
    rawTerms: terms.raw,
    stemTerms: terms.stems,
  });
}

/** A deleted item leaves the index whatever its kind was. */
export async function removeContent(ctx: AppContext, contentId: number) {
  await Promise.all(ctx.kinds.all.map((kind) => removeDoc(ctx, kind.name, contentId)));
}

export async function indexComment(ctx: AppContext, commentId: number) {
  const { db } = ctx.database;
  const row = await repo.commentToIndex(db, commentId);
  if (!row) return removeDoc(ctx, 'comment', commentId);
  const text = plainText(row.body);
  const terms = indexTerms(text);
  await upsertDoc(ctx, {
    docType: 'comment',
    docId: row.id,
    contentId: row.content_id,
    spaceId: row.space_id,
    authorId: row.author_id,
    title: titleFrom(row.body),
    body: text,
    createdTs: seconds(row.created_at),
    rawTerms: terms.raw,
    stemTerms: terms.stems,
  });
}

/** Library files: name and, for PDFs and text files, their text. */
export async function indexFile(ctx: AppContext, fileId: string) {
  const { db } = ctx.database;
  const file = await repo.findFile(db, fileId);
  if (!file?.space_id) return removeFile(ctx, fileId);
  const bytes = file.kind === 'file' ? await ctx.storage.get(file.storage_key) : null;
  const extracted = bytes ? await documentText(bytes, file.mime, ctx.config.extraction) : undefined;
  const text = extracted?.text ?? '';
  // Whether the text made it into the index: the library says "not indexed: too large" otherwise.
  if (extracted && extracted.state !== file.text_state)
    await uploadsRepo.setTextState(db, fileId, extracted.state);
  const terms = indexTerms(`${file.name.replace(/[._-]+/g, ' ')} ${file.creator} ${text}`);
  await upsertDoc(ctx, {
    docType: 'file',
    docId: 0,
    fileId,
    contentId: null,
    spaceId: file.space_id,
    authorId: file.uploader_id,
    title: file.name,
    body: text ? plainText(text).slice(0, 2000) : file.name,
    createdTs: seconds(file.updated_at ?? file.created_at),
    rawTerms: terms.raw,
    stemTerms: terms.stems,
  });
}

export async function removeFile(ctx: AppContext, fileId: string) {
  await writeIndex(ctx.database, { removeFile: fileId });
}

export async function removeDoc(ctx: AppContext, docType: string, docId: number) {
  await writeIndex(ctx.database, { remove: { docType, docId } });
}

/** Rebuilds the whole index (`kantine reindex`, and on start when the index is empty). */
export async function reindex(ctx: AppContext): Promise<number> {
  const { db, dialect } = ctx.database;
  await repo.clearIndex(db, dialect);
  let count = 0;
  // A hundred documents at a time share one transaction (writeIndex).
  const batch = async (ids: number[], index: (id: number) => Promise<void>) => {
    for (let start = 0; start < ids.length; start += 100) {
      const chunk = ids.slice(start, start + 100);
      await Promise.all(chunk.map(index));
      count += chunk.length;
    }
  };
  await batch(await repo.allUserIds(db), (id) => indexPerson(ctx, id));
  await batch(await repo.allSpaceIds(db), (id) => indexSpace(ctx, id));
  await batch(
    await repo.publishedContentIds(
      db,
      ctx.kinds.all.map((kind) => kind.name),
    ),
    (id) => indexContent(ctx, id),
  );
  await batch(await repo.allCommentIds(db), (id) => indexComment(ctx, id));
  return count;
}

export async function indexIsEmpty(ctx: AppContext): Promise<boolean> {
  // An existence check, not count(*): on PostgreSQL counting a million rows delayed the start by ~0.7 s.
  return !(await repo.hasDocs(ctx.database.db));
}

/* Searching. */

function parseCursor(cursor: string | undefined): query.SearchCursor | undefined {
  const position = readCursor(cursor, ['number', 'number', 'number']);
  return position && { exact: position[0], createdTs: position[1], id: position[2] };
}

function matchOf(query: ParsedQuery) {
  const fast = toFts5Checked(query);
  return { sqlite: fast.match, sqliteChecks: fast.checks, postgres: toTsquery(query), phrase: query.folded };
}

/** What the index holds besides content kinds (and hashtags, from their own table). */
const OTHER_DOC_TYPES = ['person', 'space', 'comment', 'file', 'hashtag'];

/** Who searches, with their memberships (cached per person, access/memberships.ts). */
async function searcher(ctx: AppContext, viewer: Viewer): Promise<query.SearchViewer> {
  const known = knownMemberships(await membershipsOf(ctx, viewer.id));
  return { id: viewer.id, isAdmin: viewer.role === 'admin', known };
}

export async function search(ctx: AppContext, viewer: Viewer, input: z.infer<typeof searchQuery>) {
  const parsed = parseQuery(input.q);
  if (input.type && !OTHER_DOC_TYPES.includes(input.type) && !ctx.kinds.get(input.type))
    throw fail.badRequest(
      'validation_failed',
      `Invalid querystring: type ${input.type} is not a kind of hit.`,
    );
  if (isEmpty(parsed))
    throw fail.badRequest('empty_query', 'Search for at least one word (exclusions alone find nothing).');
  const who = await searcher(ctx, viewer);
  if (input.type === 'hashtag') {
    const tags = await query.searchHashtags(
      ctx.database.db,
      ctx.database.dialect,
      who,
      parsed.groups[0]?.prefixes[0] ?? '',
      input.limit,
    );
    return { items: tags.map((tag) => hashtagHit(tag.tag, Number(tag.uses))), nextCursor: null };
  }
  const rows = await query.searchDocs(
    ctx.database.db,
    ctx.database.dialect,
    who,
    matchOf(parsed),
    {
      types: input.type ? [input.type] : undefined,
      spaceId: input.spaceId,
      authorId: input.authorId,
      fromTs: input.from ? seconds(`${input.from}T00:00:00Z`) : undefined,
      toTs: input.to ? seconds(`${input.to}T23:59:59Z`) : undefined,
    },
    parseCursor(input.cursor),
    input.limit,
  );
  const items = rows.slice(0, input.limit);
  const last = items.at(-1);
  return {
    items: await present(ctx, items, parsed),
    nextCursor:
      rows.length > input.limit && last ? encodeCursor([Number(last.exact), last.created_ts, last.id]) : null,
  };
}

const SUGGESTIONS = 5;
const SUGGESTION_CANDIDATES = 200;

/** As-you-type: the best few of each kind. */
export async function suggest(ctx: AppContext, viewer: Viewer, q: string) {
  const parsed = parseQuery(q);
  if (isEmpty(parsed)) return { people: [], spaces: [], posts: [], files: [], hashtags: [] };
  const { db, dialect } = ctx.database;
  const who = await searcher(ctx, viewer);
  // As-you-type needs five of each kind, newest first: a few hundred candidates and no phrase
  // ranking; all groups in one query (and one presentation), hashtags from their own table.
  const match = matchOf(parsed);
  const groups = [['person'], ['space'], [...ctx.kinds.all.map((kind) => kind.name), 'comment'], ['file']];
  const [rows, tags] = await Promise.all([
    query.suggestDocs(db, dialect, who, match, groups, SUGGESTION_CANDIDATES, SUGGESTIONS),
    query.searchHashtags(db, dialect, who, parsed.groups[0]?.prefixes[0] ?? '', SUGGESTIONS),
  ]);
  const hits = await present(ctx, rows, parsed);
  const inGroup = (index: number) => hits.filter((_, position) => Number(rows[position]?.grp) === index);
  return {
    people: inGroup(0),
    spaces: inGroup(1),
    posts: inGroup(2),
    files: inGroup(3),
    hashtags: tags.map((tag) => hashtagHit(tag.tag, Number(tag.uses))),
  };
}

/** After a comment is deleted with its replies, drops every indexed comment of that item that no longer exists. */
export async function removeVanishedComments(ctx: AppContext, contentId: number) {
  const vanished = await repo.vanishedComments(ctx.database.db, contentId);
  await Promise.all(vanished.map((docId) => removeDoc(ctx, 'comment', docId)));
}
