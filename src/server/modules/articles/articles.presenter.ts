import type { Article, ArticleSummary } from '../../../shared/api/articles.js';
import type { Locale } from '../../../shared/api/common.js';
import type { FileRow, SpaceRow, UserRow } from '../../db/schema.js';
import { toSpaceSummary } from '../spaces/spaces.presenter.js';
import { toAttachment } from '../stream/stream.presenter.js';
import { toUserSummary } from '../users/users.presenter.js';
import { withImageCredits } from './articles.images.js';
import type { ArticleRecord } from './articles.repo.js';

export interface ArticleParts {
  row: ArticleRecord;
  author: UserRow;
  space: SpaceRow | undefined;
  cover: FileRow | undefined;
  mustReadSpaceIds: number[];
  /** The viewer is asked to confirm this must-read (in its audience, published). */
  confirmationRequired: boolean;
  confirmedAt: string | null;
  /** The viewer edits, publishes and deletes this article and sees its confirmations. */
  manages: boolean;
}

export const publicPath = (slug: string) => `/news/${encodeURIComponent(slug)}`;

/** Where the newsroom shows the article, or null while it is not publicly published. */
export function publicUrlOf(
  row: Pick<ArticleRecord, 'is_public' | 'state' | 'slug'>,
  base: string | undefined,
) {
  if (row.is_public !== 1 || row.state !== 'published') return null;
  return `${base?.replace(/\/$/, '') ?? ''}${publicPath(row.slug)}`;
}

export function toArticleSummary(parts: ArticleParts, publicBase: string | undefined): ArticleSummary {
  const { row } = parts;
  return {
    id: row.id,
    slug: row.slug,
    state: row.state,
    title: row.title,
    teaser: row.teaser,
    category: row.category,
    author: toUserSummary(parts.author),
    space: parts.space ? toSpaceSummary(parts.space) : null,
    cover: parts.cover ? toAttachment(parts.cover) : null,
    isPublic: row.is_public === 1,
    mustRead:
      row.must_read === 1 ? { spaceIds: parts.mustReadSpaceIds, deadline: row.must_read_deadline } : null,
    guestComments: row.guest_comments,
    readingMinutes: row.reading_minutes,
    scheduledAt: row.state === 'scheduled' ? row.scheduled_at : null,
    publishedAt: row.published_at,
    createdAt: row.created_at,
    editedAt: row.edited_at,
    url: `/articles/${row.id}`,
    publicUrl: publicUrlOf(row, publicBase),
    confirmation: { required: parts.confirmationRequired, confirmedAt: parts.confirmedAt },
    permissions: {
      edit: parts.manages,
      delete: parts.manages,
      viewConfirmations: parts.manages && row.must_read === 1,
    },
  };
}

export function toArticle(
  parts: ArticleParts,
  images: FileRow[],
  publicBase: string | undefined,
  locale: Locale,
): Article {
  return {
    ...toArticleSummary(parts, publicBase),
    body: parts.row.body,
    html: withImageCredits(parts.row.body_html, images, locale, (id) => `/api/v1/files/${id}/download`),
    images: images.map(toAttachment),
  };
}
