import { z } from 'zod';
import { MAX_ATTACHMENTS as maxAttachments, textLimits } from '../limits.js';
import { text } from './common.js';
import { reactionTypes } from './reaction-types.js';
import { spaceSummary } from './spaces.js';
import { userSummary } from './users.js';

/* What every item in a stream has, whatever its kind; each kind adds its own part (see stream.ts). */

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

export const itemPermissions = z.object({
  edit: z.boolean(),
  delete: z.boolean(),
  pin: z.boolean(),
  comment: z.boolean(),
});

/** The fields every feed item has; `kind` says which part follows, `type` is its older alias. */
export const feedItemBase = z.object({
  id: z.number(),
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
  permissions: itemPermissions,
  /** Where the item opens in the web app. */
  url: z.string(),
});

/** A kind's feed item: the common fields, `kind` and `type` set to the kind's name, and its own part. */
export function kindItem<K extends string, P extends z.ZodRawShape>(kind: K, part: P) {
  return feedItemBase.extend({ kind: z.literal(kind), type: z.literal(kind) }).extend(part);
}
