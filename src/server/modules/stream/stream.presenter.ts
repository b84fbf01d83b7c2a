import type { Attachment, Comment, FeedItem, ReactionType } from '../../../shared/api/stream.js';
import type { CommentRow, ContentRow, FileRow, SpaceRow, UserRow } from '../../db/schema.js';
import type { Viewer } from '../../http/viewer.js';
import { withMentionNames } from '../../lib/markdown.js';
import { isSpaceAdmin, type Membership } from '../spaces/spaces.policy.js';
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
  /** The viewer moderates the content's container (space admin or organisation admin). */
  moderates: boolean;
  /** Current names of the people the text mentions (see `withMentionNames`). */
  nameOf?: (userId: number) => string | undefined;
}

export function toComment(row: CommentRow, context: CommentContext): Comment {
  const own = row.author_id === context.viewer.id;
  return {
    id: row.id,
    contentId: row.content_id,
    parentId: row.parent_id,
    author: toUserSummary(context.author),
    body: row.body,
    html: context.nameOf ? withMentionNames(row.body_html, context.nameOf) : row.body_html,
    createdAt: row.created_at,
    editedAt: row.edited_at,
    permissions: { edit: own, delete: own || context.moderates },
  };
}

export const moderates = (viewer: Viewer, membership: Membership) =>
  viewer.role === 'admin' || isSpaceAdmin(membership);

export interface ItemParts {
  row: ContentRow & {
    body: string | null;
    body_html: string | null;
    title: string | null;
    teaser: string | null;
    category: string | null;
    cover_file_id: string | null;
    reading_minutes: number | null;
    must_read: number | null;
  };
  /** For must-read articles: whether the viewer has confirmed. */
  confirmed: boolean;
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

export function toFeedItem(viewer: Viewer, parts: ItemParts): FeedItem {
  const { row, space, membership } = parts;
  const own = row.author_id === viewer.id;
  const mod = space
    ? moderates(viewer, membership)
    : viewer.role === 'admin' || row.profile_user_id === viewer.id;
  const total = Object.values(parts.counts).reduce((sum, n) => sum + n, 0);
  return {
    id: row.id,
    type: row.type,
    author: toUserSummary(parts.author),
    space: space ? toSpaceSummary(space) : null,
    profile: parts.profile ? toUserSummary(parts.profile) : null,
    body: row.body ?? row.teaser ?? '',
    html: withMentionNames(row.body_html ?? '', parts.nameOf),
    // An article's images belong to its text and cover, not to its card.
    attachments: row.type === 'article' ? [] : parts.attachments.map(toAttachment),
    pinned: row.pinned === 1,
    createdAt: row.created_at,
    publishedAt: row.published_at,
    editedAt: row.edited_at,
    reactions: { counts: parts.counts, total, mine: parts.mine },
    commentCount: row.comment_count,
    latestComments: parts.comments,
    permissions: {
      edit: own,
      delete: own || mod,
      pin: space !== undefined && moderates(viewer, membership),
      comment: !space || space.archived_at === null,
    },
    article:
      row.type === 'article'
        ? {
            title: row.title ?? '',
            teaser: row.teaser ?? '',
            category: row.category ?? '',
            coverUrl: row.cover_file_id ? `/api/v1/files/${row.cover_file_id}/download` : null,
            readingMinutes: row.reading_minutes ?? 1,
            mustRead: row.must_read === 1,
            confirmed: parts.confirmed,
          }
        : null,
  };
}
