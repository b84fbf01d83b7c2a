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

export interface CommentContext {
  viewer: Viewer;
  author: UserRow;
  /** The viewer moderates the item the comment belongs to (rules.ts: moderatesContent). */
  moderates: boolean;
  /** Current names of the people the text mentions (see `withMentionNames`). */
  nameOf?: (userId: number) => string | undefined;
}

export function toComment(row: CommentRow, context: CommentContext): Comment {
  return presentComment(
    row,
    toUserSummary(context.author),
    context.nameOf ? withMentionNames(row.body_html, context.nameOf) : row.body_html,
    context.viewer,
    context.moderates,
  );
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
    id: row.id,
    contentId: row.content_id,
    parentId: row.parent_id,
    author,
    body: row.body,
    html,
    createdAt: row.created_at,
    editedAt: row.edited_at,
    permissions: {
      edit: mayEditComment(viewer, row),
      delete: mayDeleteComment(viewer, row, moderates),
    },
  };
}

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
    id: row.id,
    kind: row.type,
    type: row.type,
    author: shared.author,
    space: shared.spaceSummary,
    profile: shared.profile,
    body: card.body,
    html: shared.html,
    attachments: shared.attachments,
    pinned: row.pinned === 1,
    createdAt: row.created_at,
    publishedAt: row.published_at,
    editedAt: row.edited_at,
    reactions: { counts: shared.counts, total: shared.total, mine: parts.mine },
    commentCount: row.comment_count,
    latestComments: shared.comments.map((comment) =>
      presentComment(comment.row, comment.author, comment.html, viewer, moderates),
    ),
    permissions: contentPermissions(viewer, subject, parts.policy),
    url: shared.url,
    ...(parts.personal ? { ...card.part, ...parts.personal } : card.part),
  };
}
