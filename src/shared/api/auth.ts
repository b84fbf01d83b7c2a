import { z } from 'zod';
import { emailSchema, passwordSchema, personNameSchema, text } from './common.js';
import { roleSchema } from './users.js';

/** `email` may also hold a personnel number (staff without e-mail) or, later, a directory user name. */
export const loginBody = z.strictObject({
  email: text()
    .trim()
    .min(1)
    .max(254)
    .transform((value) => (value.includes('@') ? value.toLowerCase() : value)),
  password: text().min(1).max(200),
});

export const passwordResetRequestBody = z.strictObject({ email: emailSchema });
export const passwordResetConfirmBody = z.strictObject({
  token: text().min(10).max(200),
  password: passwordSchema,
});

export const changePasswordBody = z.strictObject({
  currentPassword: text().min(1).max(200),
  newPassword: passwordSchema,
});

export const tokenScope = z.enum(['read', 'write']);
export const createTokenBody = z.strictObject({ name: text().trim().min(1).max(100), scope: tokenScope });
export const createdToken = z.object({ id: z.number(), token: z.string() });
export const tokenInfo = z.object({
  id: z.number(),
  name: z.string(),
  scope: tokenScope,
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});
export type TokenInfo = z.infer<typeof tokenInfo>;

export const createInvitationBody = z.strictObject({
  email: emailSchema,
  role: roleSchema.default('member'),
});
export const createdInvitation = z.object({
  id: z.number(),
  email: z.string(),
  url: z.string(),
  mailed: z.boolean(),
});
export type CreatedInvitation = z.infer<typeof createdInvitation>;
export const invitationInfo = z.object({
  id: z.number(),
  email: z.string(),
  role: roleSchema,
  createdAt: z.string(),
  expiresAt: z.string(),
  invitedBy: z.string(),
});
export type InvitationInfo = z.infer<typeof invitationInfo>;
export const invitationPreview = z.object({ email: z.string(), organisationName: z.string() });
export const acceptInvitationBody = z.strictObject({ name: personNameSchema, password: passwordSchema });
export const invitationTokenParam = z.strictObject({ token: text().min(10).max(200) });

export const setupBody = z.strictObject({
  organisationName: text().trim().min(1).max(100),
  name: personNameSchema,
  email: emailSchema,
  password: passwordSchema,
  demo: z.boolean().optional(),
  locale: z.enum(['de', 'en']).optional(),
});

export const organisation = z.object({
  name: z.string(),
  primaryColor: z.string(),
  logoUrl: z.string().nullable(),
  defaultLocale: z.enum(['de', 'en']),
  spaceCreation: z.enum(['everyone', 'admins']),
  setupRequired: z.boolean(),
  /** Where links in mails, feeds and the newsroom point (admins may change it unless the environment fixes it). */
  publicUrl: z.string().nullable(),
  publicUrlFromEnvironment: z.boolean(),
  /** Survey results never describe fewer people than this (groups below it merge into "other"). */
  surveyMinGroupSize: z.number(),
});
export type Organisation = z.infer<typeof organisation>;

export const updateOrganisationBody = z
  .strictObject({
    name: text().trim().min(1).max(100),
    primaryColor: text().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #1f6feb'),
    defaultLocale: z.enum(['de', 'en']),
    spaceCreation: z.enum(['everyone', 'admins']),
    surveyMinGroupSize: z.number().int().min(3).max(50),
    publicUrl: z
      .string()
      .trim()
      .max(300)
      .regex(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, 'must be an address like https://intranet.example.com'),
  })
  .partial();
