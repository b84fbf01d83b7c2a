import type { SpaceSummary } from '../../../shared/api/spaces.js';
import type { Attachment, Comment, ReactionType } from '../../../shared/api/stream.js';
import type { UserSummary } from '../../../shared/api/users.js';
import type { CommentRow, ContentRow, FileRow, SpaceRow, UserRow } from '../../db/schema.js';
import type { Viewer } from '../../http/viewer.js';
import type { AnyFeedItem, KindCard, KindRow } from '../../kinds/registry.js';
import { withMentionNames } from '../../lib/markdown.js';
import {
  type ContentPolicy,
  type ContentSubject,
  contentPermissions,
  type Membership,
  mayDeleteComment,
  mayEditComment,
  moderatesContent,
} from '../access/rules.js';
import { toSpaceSummary } from '../spaces/spaces.presenter.js';
import { toUserSummary } from '../users/users.presenter.js';

export function toAttachment(file: FileRow): Attachment {
  return {
    id: file.id,
    name: file.name,
    mime: file.mime,
    size: file.size,
    kind: file.kind,
    width: file.width,
    height: file.height,
    url: `/api/v1/files/${file.id}/download`,
    thumbnailUrl: file.thumbnail_key ? `/api/v1/files/${file.id}/download?thumbnail=true` : null,
    rights: { creator: file.creator, source: file.source, licence: file.licence },
  };
}

/** A comment from its cached, viewer-independent parts (hydrate.service.ts); permissions are the viewer's. */
export function presentComment(
  row: CommentRow,
  author: UserSummary,
  html: string,
  viewer: Viewer,
  moderates: boolean,
): Comment {
  return {
    ...commentFields(row, author, html),
    permissions: {
      edit: mayEditComment(viewer, row),
      delete: mayDeleteComment(viewer, row, moderates),
    },
  };
}

/** A comment's fields that are the same for every viewer. */
const commentFields = (row: CommentRow, author: UserSummary, html: string): Omit<Comment, 'permissions'> => ({
  id: row.id,
  contentId: row.content_id,
  parentId: row.parent_id,
  author,
  body: row.body,
  html,
  createdAt: row.created_at,
  editedAt: row.edited_at,
});

/** The rulebook's view of an item: who wrote it and where it lives. */
export const subjectOf = (
  row: ContentRow,
  space: SpaceRow | undefined,
  membership: Membership,
): ContentSubject => ({
  authorId: row.author_id,
  profileUserId: row.profile_user_id,
  space,
  membership,
});

export { moderatesContent };

/**
 * What an item shows to everyone who may read it: the same for every viewer, so it may be cached
 * (item-cache.ts). Names in texts are the people's current names when it was built.
 */
export interface SharedItem {
  row: ContentRow;
  /** The kind's own row, for its `personal` part. */
  kindRow: KindRow;
  card: KindCard;
  /** The card's HTML with the mentioned people's names. */
  html: string;
  url: string;
  author: UserSummary;
  profile: UserSummary | null;
  /** The space row: the rules (permissions) read it; the item shows its summary. */
  space: SpaceRow | undefined;
  spaceSummary: SpaceSummary | null;
  attachments: Attachment[];
  counts: Record<string, number>;
  total: number;
  comments: Array<{ row: CommentRow; author: UserSummary; html: string }>;
  /** The same, pre-serialised for the feeds (`feedItemJson`); null when the kind's part clashes. */
  json: SharedJson | null;
}

/**
 * An item's viewer-independent JSON, cut where the viewer's parts go in: serialising a page of 20
 * items with JSON.stringify cost about a third of a feed request's CPU (small scale, profile).
 */
interface SharedJson {
  /** `{"id":…,…,"url":…` — the item's fields before the viewer's, without the closing brace. */
  head: string;
  /** `"counts":{…},"total":N` */
  counts: string;
  /** Each latest comment without its permissions and closing brace. */
  comments: string[];
  /** The kind's card fields, `"key":value` each. */
  part: Array<[key: string, fragment: string]>;
}

/** Fields of every feed item besides the kind's; a kind's part or personal part may not redefine them. */
const itemFields = new Set(
  'id kind type author space profile body html attachments pinned createdAt publishedAt editedAt commentCount url reactions latestComments permissions'.split(
    ' ',
  ),
);

/** `{"a":1}` → `{"a":1` */
const open = (value: object) => JSON.stringify(value).slice(0, -1);

function sharedJson(item: Omit<SharedItem, 'json'>): SharedJson | null {
  const { card } = item;
  if (Object.keys(card.part).some((key) => itemFields.has(key))) return null;
  return {
    head: open(itemHead(item)),
    counts: `"counts":${JSON.stringify(item.counts)},"total":${item.total}`,
    comments: item.comments.map((comment) => open(commentFields(comment.row, comment.author, comment.html))),
    part: Object.entries(card.part).flatMap(([key, value]) =>
      value === undefined
        ? []
        : [[key, `${JSON.stringify(key)}:${JSON.stringify(value)}`] as [string, string]],
    ),
  };
}

export interface SharedParts {
  row: ContentRow;
  kindRow: KindRow;
  card: KindCard;
  url: string;
  author: UserRow;
  profile: UserRow | undefined;
  space: SpaceRow | undefined;
  attachments: FileRow[];
  counts: Record<string, number>;
  comments: Array<{ row: CommentRow; author: UserRow }>;
  /** Current names of the people the texts mention. */
  nameOf: (userId: number) => string | undefined;
}

export function toSharedItem(parts: SharedParts): SharedItem {
  const item = sharedFields(parts);
  return { ...item, json: sharedJson(item) };
}

function sharedFields(parts: SharedParts): Omit<SharedItem, 'json'> {
  const { row, card, space } = parts;
  return {
    row,
    kindRow: parts.kindRow,
    card,
    html: withMentionNames(card.html, parts.nameOf),
    url: parts.url,
    author: toUserSummary(parts.author),
    profile: parts.profile ? toUserSummary(parts.profile) : null,
    space,
    spaceSummary: space ? toSpaceSummary(space) : null,
    attachments: card.showAttachments ? parts.attachments.map(toAttachment) : [],
    counts: parts.counts,
    total: Object.values(parts.counts).reduce((sum, n) => sum + n, 0),
    comments: parts.comments.map((comment) => ({
      row: comment.row,
      author: toUserSummary(comment.author),
      html: withMentionNames(comment.row.body_html, parts.nameOf),
    })),
  };
}

/** What depends on the viewer: their membership, their reaction and the kind's personal part. */
export interface ViewerParts {
  membership: Membership;
  mine: ReactionType | null;
  personal: Record<string, unknown> | undefined;
  policy: ContentPolicy;
}

export function toFeedItem(viewer: Viewer, shared: SharedItem, parts: ViewerParts): AnyFeedItem {
  const { row, space, card } = shared;
  const subject = subjectOf(row, space, parts.membership);
  const moderates = moderatesContent(viewer, subject);
  return {
    ...itemHead(shared),
    reactions: { counts: shared.counts, total: shared.total, mine: parts.mine },
    latestComments: shared.comments.map((comment) =>
      presentComment(comment.row, comment.author, comment.html, viewer, moderates),
    ),
    permissions: contentPermissions(viewer, subject, parts.policy),
    ...(parts.personal ? { ...card.part, ...parts.personal } : card.part),
  };
}

/** An item's fields that are the same for every viewer, besides its counts, comments and kind's part. */
function itemHead(item: Omit<SharedItem, 'json'>) {
  const { row, card } = item;
  return {
    id: row.id,
    kind: row.type,
    type: row.type,
    author: item.author,
    space: item.spaceSummary,
    profile: item.profile,
    body: card.body,
    html: item.html,
    attachments: item.attachments,
    pinned: row.pinned === 1,
    createdAt: row.created_at,
    publishedAt: row.published_at,
    editedAt: row.edited_at,
    commentCount: row.comment_count,
    url: item.url,
  };
}

/**
 * `toFeedItem` as JSON text, from the item's pre-serialised parts: the same fields and values
 * (hot-routes.test.ts compares the two for every kind). Falls back to serialising `toFeedItem` when
 * a kind's personal part would redefine an item field.
 */
export function feedItemJson(viewer: Viewer, shared: SharedItem, parts: ViewerParts): string {
  const json = shared.json;
  const personal = parts.personal;
  if (!json || (personal && Object.keys(personal).some((key) => itemFields.has(key))))
    return JSON.stringify(toFeedItem(viewer, shared, parts));
  const subject = subjectOf(shared.row, shared.space, parts.membership);
  const moderates = moderatesContent(viewer, subject);
  let out = `${json.head},"reactions":{${json.counts},"mine":${JSON.stringify(parts.mine)}},"latestComments":[`;
  shared.comments.forEach((comment, index) => {
    const edit = mayEditComment(viewer, comment.row);
    const remove = mayDeleteComment(viewer, comment.row, moderates);
    out += `${index > 0 ? ',' : ''}${json.comments[index]},"permissions":{"edit":${edit},"delete":${remove}}}`;
  });
  out += `],"permissions":${JSON.stringify(contentPermissions(viewer, subject, parts.policy))}`;
  for (const [key, fragment] of json.part) if (!personal || !(key in personal)) out += `,${fragment}`;
  if (personal)
    for (const [key, value] of Object.entries(personal))
      if (value !== undefined) out += `,${JSON.stringify(key)}:${JSON.stringify(value)}`;
  return `${out}}`;
}
