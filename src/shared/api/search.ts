import { z } from 'zod';
import { idCoerced, text } from './common.js';

export const searchTypes = ['person', 'space', 'post', 'article', 'comment', 'file', 'hashtag'] as const;
export const searchType = z.enum(searchTypes);
export type SearchType = z.infer<typeof searchType>;

export const searchHit = z.object({
  type: searchType,
  id: z.union([z.number(), z.string()]),
  title: z.string(),
  /** HTML: escaped text with the matched words in <mark>. */
  snippet: z.string(),
  url: z.string(),
  createdAt: z.string().nullable(),
  meta: z.string(),
  avatar: z.object({ id: z.number(), name: z.string(), avatarUrl: z.string().nullable() }).nullable(),
});
export type SearchHit = z.infer<typeof searchHit>;

/** A calendar date that exists (2026-13-45 matched the pattern and became NaN further on). */
const date = text()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-11-27')
  .refine((value) => {
    const parsed = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(value);
  }, 'is not a date that exists');

export const searchQuery = z.strictObject({
  q: text().trim().min(1, 'must not be empty').max(200),
  type: searchType.optional(),
  spaceId: idCoerced.optional(),
  authorId: idCoerced.optional(),
  from: date.optional(),
  to: date.optional(),
  cursor: text().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export const searchPage = z.object({ items: z.array(searchHit), nextCursor: z.string().nullable() });
export type SearchPage = z.infer<typeof searchPage>;

export const suggestQuery = z.strictObject({ q: text().trim().max(100) });
export const suggestions = z.object({
  people: z.array(searchHit),
  spaces: z.array(searchHit),
  posts: z.array(searchHit),
  files: z.array(searchHit),
  hashtags: z.array(searchHit),
});
export type Suggestions = z.infer<typeof suggestions>;
