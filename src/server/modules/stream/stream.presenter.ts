import type { Attachment, Comment, ReactionType } from '../../../shared/api/stream.js';
import type { CommentRow, ContentRow, FileRow, SpaceRow, UserRow } from '../../db/schema.js';
import type { Viewer } from '../../http/viewer.js';
import type { AnyFeedItem, KindCard } from '../../kinds/registry.js';
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
  return {
    id: row.id,
    contentId: row.content_id,
    parentId: row.parent_id,
    author: toUserSummary(context.author),
    body: row.body,
    html: context.nameOf ? withMentionNames(row.body_html, context.nameOf) : row.body_html,
    createdAt: row.created_at,
    editedAt: row.edited_at,
    permissions: {
      edit: mayEditComment(context.viewer, row),
      delete: mayDeleteComment(context.viewer, row, context.moderates),
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

export interface ItemParts {
  row: ContentRow;
  /** What the item's kind shows (kinds/registry.ts). */
  card: KindCard;
  url: string;
  policy: ContentPolicy;
  author: UserRow;
  profile: UserRow | undefined;
  space: SpaceRow | undefined;
  membership: Membership;
  attachments: FileRow[];
  counts: Record<string, number>;
  mine: ReactionType | null;
  comments: Comment[];
  /** Current names of the people the text mentions. */
  nameOf: (userId: number) => string | undefined;
}

export function toFeedItem(viewer: Viewer, parts: ItemParts): AnyFeedItem {
  const { row, space, membership, card } = parts;
  const total = Object.values(parts.counts).reduce((sum, n) => sum + n, 0);
  return {
    id: row.id,
    kind: row.type,
    type: row.type,
    author: toUserSummary(parts.author),
    space: space ? toSpaceSummary(space) : null,
    profile: parts.profile ? toUserSummary(parts.profile) : null,
    body: card.body,
    html: withMentionNames(card.html, parts.nameOf),
    attachments: card.showAttachments ? parts.attachments.map(toAttachment) : [],
    pinned: row.pinned === 1,
    createdAt: row.created_at,
    publishedAt: row.published_at,
    editedAt: row.edited_at,
    reactions: { counts: parts.counts, total, mine: parts.mine },
    commentCount: row.comment_count,
    latestComments: parts.comments,
    permissions: contentPermissions(viewer, subjectOf(row, space, membership), parts.policy),
    url: parts.url,
    ...card.part,
  };
}
