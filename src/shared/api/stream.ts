import { z } from 'zod';
import { MAX_ATTACHMENTS as maxAttachments, textLimits } from '../limits.js';
import { idSchema, page, text } from './common.js';
import { reactionTypes } from './reaction-types.js';
import { spaceSummary } from './spaces.js';
import { userSummary } from './users.js';

export { reactionTypes };
export const reactionType = z.enum(reactionTypes);
export type ReactionType = z.infer<typeof reactionType>;

export const MAX_BODY_LENGTH = textLimits.post;
export const MAX_COMMENT_LENGTH = textLimits.comment;
export const MAX_ATTACHMENTS = maxAttachments;

/** A post's text; it may be empty when the post has at least one attachment (checked by the service). */
export const bodySchema = text().max(MAX_BODY_LENGTH, `must be at most ${MAX_BODY_LENGTH} characters long`);

export const attachment = z.object({
  id: z.string(),
  name: z.string(),
  mime: z.string(),
  size: z.number(),
  kind: z.enum(['image', 'file']),
  width: z.number().nullable(),
  height: z.number().nullable(),
  url: z.string(),
  thumbnailUrl: z.string().nullable(),
  /** Who made an image, where it comes from and under which licence: shown wherever it is used. */
  rights: z.object({ creator: z.string(), source: z.string(), licence: z.string() }),
});
export type Attachment = z.infer<typeof attachment>;

export const comment = z.object({
  id: z.number(),
  contentId: z.number(),
  parentId: z.number().nullable(),
  author: userSummary,
  body: z.string(),
  html: z.string(),
  createdAt: z.string(),
  editedAt: z.string().nullable(),
  permissions: z.object({ edit: z.boolean(), delete: z.boolean() }),
});
export type Comment = z.infer<typeof comment>;

export const reactionCounts = z.record(z.string(), z.number());

export const feedItem = z.object({
  id: z.number(),
  type: z.string(),
  author: userSummary,
  space: spaceSummary.nullable(),
  profile: userSummary.nullable(),
  body: z.string(),
  html: z.string(),
  attachments: z.array(attachment),
  pinned: z.boolean(),
  createdAt: z.string(),
  publishedAt: z.string().nullable(),
  editedAt: z.string().nullable(),
  reactions: z.object({ counts: reactionCounts, total: z.number(), mine: reactionType.nullable() }),
  commentCount: z.number(),
  latestComments: z.array(comment),
  permissions: z.object({ edit: z.boolean(), delete: z.boolean(), pin: z.boolean(), comment: z.boolean() }),
  /** For articles: what their card in a feed shows (the full text is at /api/v1/articles/:id). */
  article: z
    .object({
      title: z.string(),
      teaser: z.string(),
      category: z.string(),
      coverUrl: z.string().nullable(),
      readingMinutes: z.number(),
      mustRead: z.boolean(),
      confirmed: z.boolean(),
    })
    .nullable(),
});
export type FeedItem = z.infer<typeof feedItem>;
export const feedPage = page(feedItem);
export type FeedPage = z.infer<typeof feedPage>;
export const feedQuery = z.strictObject({
  cursor: text().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

export const postBody = z.strictObject({
  body: bodySchema.default(''),
  attachments: z.array(text().min(1).max(64)).max(MAX_ATTACHMENTS).default([]),
});
export const updatePostBody = z.strictObject({
  body: bodySchema,
  attachments: z.array(text().min(1).max(64)).max(MAX_ATTACHMENTS).optional(),
});
export const pinBody = z.strictObject({ pinned: z.boolean() });

export const commentBody = z.strictObject({
  body: text()
    .max(MAX_COMMENT_LENGTH, `must be at most ${MAX_COMMENT_LENGTH} characters long`)
    .refine((text) => text.trim().length > 0, 'must not be empty'),
  parentId: idSchema.optional(),
});
export const updateCommentBody = z.strictObject({ body: commentBody.shape.body });
export const commentPage = page(comment);
export const commentsQuery = z.strictObject({
  cursor: text().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const reactionBody = z.strictObject({ type: reactionType });
export const reactionSummary = z.object({
  counts: reactionCounts,
  total: z.number(),
  mine: reactionType.nullable(),
});
export const reactorsResponse = z.object({
  items: z.array(z.object({ user: userSummary, type: reactionType })),
});

export const hashtagParams = z.strictObject({
  tag: text().min(1).max(60, 'is too long for a hashtag (hashtags have at most 50 characters)'),
});
