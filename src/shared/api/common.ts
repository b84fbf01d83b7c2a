import { z } from 'zod';

/**
 * Every text field the API accepts. PostgreSQL cannot store NUL (U+0000) in text and answered
 * 500; SQLite stored it. Both databases now refuse it alike, with a 400 naming the field.
 */
export const text = () =>
  z
    .string()
    .refine((value) => !value.includes('\u0000'), { message: 'must not contain NUL characters (U+0000)' });

/** Ids fit both databases' integer columns (PostgreSQL `integer` is 32-bit). */
export const MAX_ID = 2 ** 31 - 1;
export const idSchema = z.number().int().min(1).max(MAX_ID);
/** An id in a path or query string. */
export const idCoerced = z.coerce.number().int().min(1).max(MAX_ID);

export const idParam = z.strictObject({ id: idCoerced });

export const errorResponse = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
    requestId: z.string(),
  }),
});

export const locales = ['de', 'en'] as const;
export const localeSchema = z.enum(locales);
export type Locale = z.infer<typeof localeSchema>;

export const emailSchema = text()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email({ message: 'must be a valid e-mail address' }));

export const passwordSchema = text()
  .min(10, 'must be at least 10 characters long')
  .max(200, 'must be at most 200 characters long');

export const personNameSchema = text().trim().min(1, 'must not be empty').max(100);

/** Text with a length limit: longer text gets a 400 naming the field and the limit, never cut off. */
export const maxText = (max: number) => text().max(max, `must be at most ${max} characters long`);

export const limitQuery = z.coerce.number().int().min(1).max(100).default(20);

export function page<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}
