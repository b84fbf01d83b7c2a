import { z } from 'zod';
import { spaceSummary } from './spaces.js';
import { userSummary } from './users.js';

/** What the audit trail records; one entry per change an administrator may later have to account for. */
export const auditActions = [
  'space.visibility_changed',
  'user.second_factor_reset',
  'ideas.reviewer_granted',
  'ideas.reviewer_revoked',
] as const;

export const auditEntry = z.object({
  id: z.number(),
  action: z.enum(auditActions),
  actor: userSummary.nullable(),
  space: spaceSummary.nullable(),
  /** The particulars, e.g. `{ "from": "secret", "to": "public" }`. */
  details: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});
export type AuditEntry = z.infer<typeof auditEntry>;

export const auditQuery = z.strictObject({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const auditPage = z.object({ items: z.array(auditEntry), nextCursor: z.string().nullable() });
