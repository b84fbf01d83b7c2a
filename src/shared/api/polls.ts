import { z } from 'zod';
import { idSchema, text } from './common.js';
import { kindItem } from './content.js';

/*
 * Polls: a post with 2–10 options (kind `poll`), created through the post endpoints with a `poll`
 * field, voted on at PUT /api/v1/polls/:contentId/vote.
 */
export const MIN_POLL_OPTIONS = 2;
export const MAX_POLL_OPTIONS = 10;
export const MAX_POLL_OPTION_LENGTH = 200;

export const resultsVisibilities = ['always', 'after_vote', 'after_close', 'author'] as const;
export const resultsVisibility = z.enum(resultsVisibilities);
export type ResultsVisibility = z.infer<typeof resultsVisibility>;

const optionText = text()
  .trim()
  .min(1, 'must not be empty')
  .max(MAX_POLL_OPTION_LENGTH, `must be at most ${MAX_POLL_OPTION_LENGTH} characters long`);

export const pollInput = z.strictObject({
  options: z
    .array(optionText)
    .min(MIN_POLL_OPTIONS, `needs at least ${MIN_POLL_OPTIONS} options`)
    .max(MAX_POLL_OPTIONS, `may have at most ${MAX_POLL_OPTIONS} options`)
    .refine((options) => new Set(options.map((o) => o.toLowerCase())).size === options.length, {
      message: 'options must differ',
    }),
  multiple: z.boolean().default(false),
  anonymous: z.boolean().default(false),
  closesAt: z.iso
    .datetime({ offset: true, message: 'must be a date and time (ISO 8601)' })
    .nullable()
    .default(null),
  resultsVisibility: resultsVisibility.default('always'),
});
export type PollInput = z.infer<typeof pollInput>;

export const pollOption = z.object({
  id: z.number(),
  text: z.string(),
  /** Null while the results are hidden from the viewer (`resultsVisibility`). */
  votes: z.number().nullable(),
});

export const pollPart = z.object({
  options: z.array(pollOption),
  /**
   * The viewer's chosen option ids, null when they have not voted — and always null in anonymous
   * polls: the server does not know what anyone chose there, only that they voted (`voted`).
   */
  myVote: z.array(z.number()).nullable(),
  voted: z.boolean(),
  closed: z.boolean(),
  /** How many people voted; null while the results are hidden. */
  total: z.number().nullable(),
  /** Whether the viewer sees the results now. */
  resultsShown: z.boolean(),
  multiple: z.boolean(),
  anonymous: z.boolean(),
  closesAt: z.string().nullable(),
  resultsVisibility,
});
export type PollPart = z.infer<typeof pollPart>;

export const pollItem = kindItem('poll', { poll: pollPart });
export type PollItem = z.infer<typeof pollItem>;

export const voteBody = z.strictObject({
  optionIds: z.array(idSchema).min(1, 'choose at least one option').max(MAX_POLL_OPTIONS),
});
export const contentIdParam = z.strictObject({
  contentId: z.coerce
    .number()
    .int()
    .min(1)
    .max(2 ** 31 - 1),
});
