import { z } from 'zod';
import { idCoerced, text } from './common.js';

/** The kinds of hits the web app knows; the server may have registered more content kinds. */
export const searchTypes = ['person', 'space', 'post', 'article', 'comment', 'file', 'hashtag'] as const;
export type SearchType = (typeof searchTypes)[number];
/** A hit's kind: one of searchTypes, or the name of another registered content kind. */
export const searchType = z.string().regex(/^[a-z][a-z_]{0,39}$/, 'must be a kind such as post or person');

export const searchHit = z.object({
  type: z.string(),
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
