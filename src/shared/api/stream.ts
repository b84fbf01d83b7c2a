import { z } from 'zod';
import { articleItem } from './articles.js';
import { idSchema, page, text } from './common.js';
import {
  bodySchema,
  comment,
  kindItem,
  MAX_ATTACHMENTS,
  MAX_COMMENT_LENGTH,
  reactionCounts,
  reactionType,
} from './content.js';
import { ideaItem } from './ideas.js';
import { pollItem, pollPart } from './polls.js';
import { userSummary } from './users.js';

export type { Attachment, Comment, ReactionType } from './content.js';
export {
  attachment,
  bodySchema,
  comment,
  feedItemBase,
  itemPermissions,
  kindItem,
  MAX_ATTACHMENTS,
  MAX_BODY_LENGTH,
  MAX_COMMENT_LENGTH,
  reactionCounts,
  reactionType,
  reactionTypes,
} from './content.js';

/** A post: its text (`body`, `html`) and attachments are the common fields. */
export const postItem = kindItem('post', {});
export type PostItem = z.infer<typeof postItem>;

/**
 * A feed item of any kind the web app knows. The server documents and checks the kinds it has
 * registered (kinds/registry.ts), which may be more; a client shows an unknown kind by its common fields.
 */
// An article may carry a poll: the part the poll kind adds to articles (kinds/registry.ts ExtensionPart).
const articleWithParts = articleItem.extend({ poll: pollPart.optional() });
export const feedItem = z.discriminatedUnion('kind', [postItem, articleWithParts, pollItem, ideaItem]);
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
