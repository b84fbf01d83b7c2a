import { z } from 'zod';
import { textLimits } from '../limits.js';
import { idCoerced, idSchema, limitQuery, maxText, page, text } from './common.js';
import { userSummary } from './users.js';

export const spaceVisibility = z.enum(['public', 'private', 'secret']);
export const spaceRole = z.enum(['member', 'admin']);

export const spaceSummary = z.object({
  id: z.number(),
  name: z.string(),
  color: z.string(),
  avatarUrl: z.string().nullable(),
  visibility: spaceVisibility,
});
export type SpaceSummary = z.infer<typeof spaceSummary>;

export const space = spaceSummary.extend({
  description: z.string(),
  mandatory: z.boolean(),
  archived: z.boolean(),
  memberCount: z.number(),
  /** The viewer's relation to the space. */
  membership: z.object({ status: z.enum(['member', 'requested', 'invited']), role: spaceRole }).nullable(),
  permissions: z.object({
    post: z.boolean(),
    manage: z.boolean(),
    leave: z.boolean(),
    join: z.enum(['join', 'request', 'accept', 'none']),
  }),
});
export type Space = z.infer<typeof space>;

const color = text().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #1f6feb');

export const createSpaceBody = z.strictObject({
  name: maxText(textLimits.spaceName).trim().min(1),
  description: maxText(textLimits.spaceDescription).trim().default(''),
  color: color.default('#1f6f5c'),
  visibility: spaceVisibility.default('public'),
});

export const updateSpaceBody = z
  .strictObject({
    name: maxText(textLimits.spaceName).trim().min(1),
    description: maxText(textLimits.spaceDescription).trim(),
    color,
    visibility: spaceVisibility,
    mandatory: z.boolean(),
    archived: z.boolean(),
  })
  .partial();

export const listSpacesQuery = z.strictObject({
  q: text().trim().max(100).optional(),
  mine: z.enum(['true', 'false']).optional(),
  cursor: text().max(500).optional(),
  limit: limitQuery,
});
export const spacePage = page(space);

export const member = z.object({
  user: userSummary,
  role: spaceRole,
  status: z.enum(['member', 'requested', 'invited']),
  since: z.string(),
});
export type Member = z.infer<typeof member>;
export const memberPage = page(member);
export const listMembersQuery = z.strictObject({
  status: z.enum(['member', 'requested', 'invited']).default('member'),
  cursor: text().max(500).optional(),
  limit: limitQuery,
});

/** Without userId: join (or request to join) oneself. With userId: invite, or approve a request (space admins). */
export const addMemberBody = z.strictObject({ userId: idSchema.optional() });
export const updateMemberBody = z.strictObject({ role: spaceRole });
export const memberParams = z.strictObject({
  id: idCoerced,
  userId: idCoerced,
});
