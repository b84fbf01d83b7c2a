import { z } from 'zod';
import { emailSchema, passwordSchema, personNameSchema } from './common.js';
import { userProfile, userSummary } from './users.js';

/** What the login page offers. */
export const authProviders = z.object({
  password: z.boolean(),
  onlySso: z.boolean(),
  providers: z.array(
    z.object({ id: z.string(), kind: z.literal('oidc'), label: z.string(), loginUrl: z.string() }),
  ),
});
export type AuthProviders = z.infer<typeof authProviders>;

const groupList = z.array(z.string().trim().min(1).max(200)).max(100);
const claimName = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_:./-]+$/, 'may only contain letters, digits and _ : . / -');

export const oidcSpaceMapping = z.object({
  group: z.string().trim().min(1).max(200),
  spaceId: z.number().int().positive(),
});

const oidcFields = {
  enabled: z.boolean(),
  issuer: z.string().trim().max(500),
  clientId: z.string().trim().max(500),
  buttonLabel: z.string().trim().max(60),
  scopes: z.string().trim().max(500),
  onlySso: z.boolean(),
  groupsClaim: claimName,
  departmentClaim: claimName,
  titleClaim: claimName,
  adminGroups: groupList,
  editorGroups: groupList,
  spaceMappings: z.array(oidcSpaceMapping).max(200),
};

/** The settings as the admin sees them: the client secret is never shown back, only whether one is set. */
export const oidcSettings = z.object({
  ...oidcFields,
  hasClientSecret: z.boolean(),
  source: z.enum(['database', 'environment', 'none']),
  redirectUri: z.string(),
});
export type OidcSettings = z.infer<typeof oidcSettings>;

/** `clientSecret` left out keeps the stored one; an empty string removes it (public clients). */
export const updateOidcSettingsBody = z.strictObject({
  ...oidcFields,
  clientSecret: z.string().max(1000).optional(),
});
export type UpdateOidcSettingsBody = z.infer<typeof updateOidcSettingsBody>;

export const oidcLoginQuery = z.object({ returnTo: z.string().max(2000).optional() });
export const oidcCallbackQuery = z.record(z.string(), z.string());

export const personnelNumberSchema = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9._/-]+$/, 'may only contain letters, digits and . _ / -');

export const createPersonBody = z.strictObject({
  name: personNameSchema,
  personnelNumber: personnelNumberSchema.optional(),
  email: emailSchema.optional(),
  title: z.string().trim().max(100).optional(),
  department: z.string().trim().max(100).optional(),
  location: z.string().trim().max(100).optional(),
  managerId: z.number().int().positive().optional(),
  /** Admins only; a team lead's new person is always a member. */
  role: z.enum(['member', 'editor', 'admin']).optional(),
});
export type CreatePersonBody = z.infer<typeof createPersonBody>;
export const staffMember = userProfile.extend({ personnelNumber: z.string().nullable() });
export type StaffMember = z.infer<typeof staffMember>;

/** The people below a team lead for whom they may print access codes (`GET /api/v1/staff/team`). */
export const staffTeamQuery = z.strictObject({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const staffTeamMember = userSummary.extend({ personnelNumber: z.string().nullable() });
export type StaffTeamMember = z.infer<typeof staffTeamMember>;
export const staffTeamPage = z.object({ items: z.array(staffTeamMember), nextCursor: z.string().nullable() });
export type StaffTeamPage = z.infer<typeof staffTeamPage>;

const userIdList = z.array(z.number().int().positive()).min(1).max(500);
export const createAccessCodesBody = z.strictObject({ userIds: userIdList });
export const accessCodes = z.object({
  codes: z.array(z.object({ userId: z.number(), code: z.string(), url: z.string(), expiresAt: z.string() })),
});
export type AccessCodes = z.infer<typeof accessCodes>;
export const accessCodeSheetQuery = z.strictObject({
  userIds: z
    .string()
    .regex(/^\d+(,\d+)*$/, 'must be a comma-separated list of ids')
    .transform((value) => [...new Set(value.split(',').map(Number))])
    .pipe(userIdList),
});
export const redeemAccessCodeBody = z.strictObject({ code: z.string().trim().min(4).max(64) });
export const setFirstPasswordBody = z.strictObject({ password: passwordSchema });
