/**
 * How long texts may be. The server refuses longer text with a 400 that names the field and the
 * limit (never cuts it off); the web app counts down towards the same numbers. No zod here, so the
 * browser bundle can import it.
 */
export const textLimits = {
  post: 10_000,
  comment: 5_000,
  about: 2_000,
  articleTitle: 200,
  articleTeaser: 600,
  articleBody: 50_000,
  articleCategory: 60,
  spaceName: 80,
  spaceDescription: 1_000,
} as const;

/** Attachments per post. */
export const MAX_ATTACHMENTS = 10;

/** From this share of the limit on, the counter shows how much is left. */
export const COUNTER_THRESHOLD = 0.8;
