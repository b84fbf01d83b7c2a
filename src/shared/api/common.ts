import { z } from 'zod';

export const idParam = z.strictObject({ id: z.coerce.number().int().positive() });

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

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email({ message: 'must be a valid e-mail address' }));

export const passwordSchema = z
  .string()
  .min(10, 'must be at least 10 characters long')
  .max(200, 'must be at most 200 characters long');

export const personNameSchema = z.string().trim().min(1, 'must not be empty').max(100);

/** Text with a length limit: longer text gets a 400 naming the field and the limit, never cut off. */
export const maxText = (max: number) => z.string().max(max, `must be at most ${max} characters long`);

export const limitQuery = z.coerce.number().int().min(1).max(100).default(20);

export function page<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}
