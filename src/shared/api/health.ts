import { z } from 'zod';

export const liveness = z.object({ status: z.literal('ok') });

/**
 * Readiness: `unavailable` (503) when the database or the storage cannot be written, naming the
 * failing parts; `degraded` (200) when only Redis is away — live events then reach only the
 * sockets of the node that made them, everything else works.
 */
export const readiness = z.object({
  status: z.enum(['ok', 'degraded', 'unavailable']),
  database: z.enum(['ok', 'down']),
  storage: z.enum(['ok', 'down']),
  redis: z.enum(['up', 'down', 'off']),
  shuttingDown: z.boolean(),
  failing: z.array(z.enum(['database', 'storage', 'shutdown'])),
});
export type Readiness = z.infer<typeof readiness>;
