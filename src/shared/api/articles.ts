import { z } from 'zod';
import { textLimits } from '../limits.js';
import { idCoerced, idSchema, maxText, page, text } from './common.js';
import { attachment, kindItem } from './content.js';
import { spaceSummary } from './spaces.js';
import { userSummary } from './users.js';

export const MAX_ARTICLE_BODY = textLimits.articleBody;
export const articleStates = ['draft', 'scheduled', 'published', 'archived'] as const;
export const articleState = z.enum(articleStates);
export type ArticleState = z.infer<typeof articleState>;
export const guestCommentsMode = z.enum(['off', 'moderated', 'open']);
export type GuestCommentsMode = z.infer<typeof guestCommentsMode>;

const isoDateTime = z.iso.datetime({ offset: true, message: 'must be a date and time (ISO 8601)' });

export const mustReadInput = z
  .strictObject({
    /** Members of these spaces; none means everyone who may read the article. */
    spaceIds: z.array(idSchema).max(100).optional(),
    deadline: isoDateTime.nullable().optional(),
  })
  .nullable();

const articleFields = {
  title: maxText(textLimits.articleTitle).trim().min(1, 'must not be empty'),
  teaser: maxText(textLimits.articleTeaser).trim(),
  body: text().max(MAX_ARTICLE_BODY, `must be at most ${MAX_ARTICLE_BODY} characters long`),
  category: maxText(textLimits.articleCategory).trim(),
  spaceId: idSchema.nullable(),
  coverImageId: text().min(1).max(64).nullable(),
  isPublic: z.boolean(),
  mustRead: mustReadInput,
  guestComments: guestCommentsMode,
};

export const createArticleBody = z.strictObject({
  ...articleFields,
  teaser: articleFields.teaser.default(''),
  body: articleFields.body.default(''),
  category: articleFields.category.default(''),
  spaceId: articleFields.spaceId.default(null),
  coverImageId: articleFields.coverImageId.default(null),
  isPublic: articleFields.isPublic.default(false),
  mustRead: articleFields.mustRead.default(null),
  guestComments: articleFields.guestComments.default('moderated'),
});

export const updateArticleBody = z.strictObject({
  ...z.object(articleFields).partial().shape,
  /** Archive a published article, bring an archived one back, or take a scheduled one back to draft. */
  state: z.enum(['draft', 'published', 'archived']).optional(),
});

export const publishArticleBody = z.strictObject({
  /** Publish at this time (scheduled) instead of now. */
  at: isoDateTime.optional(),
});

export const articlesQuery = z.strictObject({
  category: text().trim().max(60).optional(),
  state: articleState.optional(),
  cursor: text().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(12),
});

export const imageRights = z.object({ creator: z.string(), source: z.string(), licence: z.string() });

export const articleSummary = z.object({
  id: z.number(),
  slug: z.string(),
  state: articleState,
  title: z.string(),
  teaser: z.string(),
  category: z.string(),
  author: userSummary,
  space: spaceSummary.nullable(),
  cover: attachment.nullable(),
  isPublic: z.boolean(),
  mustRead: z.object({ spaceIds: z.array(z.number()), deadline: z.string().nullable() }).nullable(),
  guestComments: guestCommentsMode,
  readingMinutes: z.number(),
  scheduledAt: z.string().nullable(),
  publishedAt: z.string().nullable(),
  createdAt: z.string(),
  editedAt: z.string().nullable(),
  url: z.string(),
  publicUrl: z.string().nullable(),
  /** The viewer's own must-read state: whether it asks them to confirm, and when they did. */
  confirmation: z.object({ required: z.boolean(), confirmedAt: z.string().nullable() }),
  permissions: z.object({ edit: z.boolean(), delete: z.boolean(), viewConfirmations: z.boolean() }),
});
export type ArticleSummary = z.infer<typeof articleSummary>;

export const article = articleSummary.extend({
  body: z.string(),
  html: z.string(),
  /** Images used in the article (cover and inline), with their rights; publishing needs all three for each. */
  images: z.array(attachment),
});
export type Article = z.infer<typeof article>;

export const articlePage = page(articleSummary);
export type ArticlePage = z.infer<typeof articlePage>;

export const articleCategories = z.object({ items: z.array(z.string()) });

export const revision = z.object({
  id: z.number(),
  title: z.string(),
  teaser: z.string(),
  body: z.string(),
  editor: userSummary.nullable(),
  createdAt: z.string(),
});
export const revisionList = z.object({ items: z.array(revision) });

export const confirmationReport = z.object({
  mustRead: z.boolean(),
  audienceCount: z.number(),
  confirmedCount: z.number(),
  /** confirmedCount ÷ audienceCount, 0 when nobody is in the audience. */
  rate: z.number(),
  deadline: z.string().nullable(),
  notConfirmed: z.array(userSummary),
  reminderSentAt: z.string().nullable(),
});
export type ConfirmationReport = z.infer<typeof confirmationReport>;

export const confirmResponse = z.object({ confirmedAt: z.string() });
export const myConfirmations = z.object({
  items: z.array(z.object({ articleId: z.number(), title: z.string(), confirmedAt: z.string() })),
});

export const guestCommentState = z.enum(['pending', 'approved', 'rejected', 'spam']);
export const guestComment = z.object({
  id: z.number(),
  articleId: z.number(),
  articleTitle: z.string(),
  name: z.string(),
  email: z.string(),
  website: z.string(),
  body: z.string(),
  state: guestCommentState,
  createdAt: z.string(),
});
export type GuestComment = z.infer<typeof guestComment>;
export const guestCommentPage = page(guestComment);
export const guestCommentsQuery = z.strictObject({
  state: guestCommentState.default('pending'),
  cursor: text().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export const moderationParams = z.strictObject({
  id: idCoerced,
  action: z.enum(['approve', 'reject', 'spam']),
});

/** What an article's card in a feed shows (the full text is at /api/v1/articles/:id). */
export const articleCard = z.object({
  title: z.string(),
  teaser: z.string(),
  category: z.string(),
  coverUrl: z.string().nullable(),
  readingMinutes: z.number(),
  mustRead: z.boolean(),
  confirmed: z.boolean(),
});
export type ArticleCard = z.infer<typeof articleCard>;
export const articleItem = kindItem('article', { article: articleCard });
export type ArticleItem = z.infer<typeof articleItem>;
