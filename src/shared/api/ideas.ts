import { z } from 'zod';
import { idCoerced, idSchema, page, text } from './common.js';
import { kindItem } from './content.js';

/*
 * The ideas board ("Ideenmanagement"): ideas per space and company-wide (kind `idea`), one vote per
 * person, followers, and a status workflow with a public reason for every change.
 */
export const ideaStatuses = ['new', 'review', 'planned', 'done', 'declined', 'merged'] as const;
export const ideaStatus = z.enum(ideaStatuses);
export type IdeaStatus = z.infer<typeof ideaStatus>;

export const MAX_IDEA_TITLE = 200;
export const MAX_IDEA_TEXT = 5000;

const required = (max: number) =>
  text().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters long`);

export const createIdeaBody = z.strictObject({
  title: required(MAX_IDEA_TITLE),
  problem: required(MAX_IDEA_TEXT),
  proposal: required(MAX_IDEA_TEXT),
  /** An upload (POST /api/v1/uploads) of the author's, not used elsewhere: the idea's picture. */
  pictureId: text().min(1).max(64).nullable().default(null),
});
export type CreateIdeaBody = z.infer<typeof createIdeaBody>;

export const ideaStatusBody = z
  .strictObject({
    status: ideaStatus,
    reason: required(2000),
    mergedInto: idSchema.optional(),
  })
  .refine((body) => body.status !== 'merged' || body.mergedInto !== undefined, {
    message: 'needs the idea it is merged into',
    path: ['mergedInto'],
  });

export const ideasQuery = z.strictObject({
  /** A space's board; without it the company-wide board. */
  spaceId: idCoerced.optional(),
  status: ideaStatus.optional(),
  sort: z.enum(['votes', 'new']).default('votes'),
  cursor: text().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const ideaPart = z.object({
  title: z.string(),
  problem: z.string(),
  proposal: z.string(),
  pictureUrl: z.string().nullable(),
  status: ideaStatus,
  statusReason: z.string().nullable(),
  statusChangedAt: z.string().nullable(),
  mergedInto: z.number().nullable(),
  votes: z.number(),
  /** Viewer-dependent: whether I voted, follow it, and may change its status. */
  myVote: z.boolean(),
  following: z.boolean(),
  mayReview: z.boolean(),
});
export type IdeaPart = z.infer<typeof ideaPart>;

export const ideaItem = kindItem('idea', { idea: ideaPart });
export type IdeaItem = z.infer<typeof ideaItem>;

export const ideaStatusChange = z.object({
  status: ideaStatus,
  reason: z.string(),
  actorName: z.string().nullable(),
  at: z.string(),
});
export const ideaDetail = <T extends z.ZodType>(item: T) =>
  z.object({ item, history: z.array(ideaStatusChange) });
export const ideaList = <T extends z.ZodType>(item: T) => page(item);

export const reviewerBody = z.strictObject({ ideasReviewer: z.boolean() });
export const reviewerResponse = z.object({ userId: z.number(), ideasReviewer: z.boolean() });
export const reviewersList = z.object({
  items: z.array(z.object({ id: z.number(), name: z.string(), handle: z.string() })),
});
