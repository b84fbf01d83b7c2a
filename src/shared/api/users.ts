import { z } from 'zod';
import { textLimits } from '../limits.js';
import {
  emailSchema,
  idSchema,
  limitQuery,
  localeSchema,
  maxText,
  page,
  personNameSchema,
  text,
} from './common.js';

export const handleSchema = text()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{1,29}$/, 'must be 2–30 letters, digits, dots, dashes or underscores');

export const roleSchema = z.enum(['admin', 'editor', 'member']);

export const userSummary = z.object({
  id: z.number(),
  handle: z.string(),
  name: z.string(),
  title: z.string(),
  department: z.string(),
  avatarUrl: z.string().nullable(),
  active: z.boolean(),
});
export type UserSummary = z.infer<typeof userSummary>;

export const userProfile = userSummary.extend({
  email: z.string(),
  location: z.string(),
  phone: z.string(),
  about: z.string(),
  skills: z.array(z.string()),
  role: roleSchema,
  manager: userSummary.nullable(),
  reports: z.array(userSummary),
  createdAt: z.string(),
  followedByMe: z.boolean(),
});
export type UserProfile = z.infer<typeof userProfile>;

export const me = userProfile.extend({
  locale: localeSchema.nullable(),
  /** Rights beyond the role, so the web app shows what the person may use (e.g. the social media desk). */
  permissions: z.object({ socialMedia: z.boolean(), staffLead: z.boolean() }),
});
export type Me = z.infer<typeof me>;

const shortText = (max: number) => maxText(max).trim();

export const profileFields = {
  name: personNameSchema,
  handle: handleSchema,
  title: shortText(100),
  department: shortText(100),
  location: shortText(100),
  phone: shortText(40).regex(/^[0-9+()/.\- ]*$/, 'may only contain digits, spaces and + ( ) / . -'),
  about: shortText(textLimits.about),
  skills: z.array(text().trim().min(1).max(40)).max(30),
  managerId: idSchema.nullable(),
};

export const updateMeBody = z.strictObject({ ...profileFields, locale: localeSchema.nullable() }).partial();
export type UpdateMeBody = z.infer<typeof updateMeBody>;

export const updateUserBody = z
  .strictObject({ ...profileFields, email: emailSchema, role: roleSchema })
  .partial();
export type UpdateUserBody = z.infer<typeof updateUserBody>;

export const listUsersQuery = z.strictObject({
  q: text().trim().max(100).optional(),
  department: text().trim().max(100).optional(),
  location: text().trim().max(100).optional(),
  status: z.enum(['active', 'deactivated', 'all']).default('active'),
  cursor: text().max(500).optional(),
  limit: limitQuery,
});

export const userListItem = userSummary.extend({ location: z.string(), email: z.string(), role: roleSchema });
export const userPage = page(userListItem);
export type UserListItem = z.infer<typeof userListItem>;

export const directoryFacets = z.object({ departments: z.array(z.string()), locations: z.array(z.string()) });
export type DirectoryFacets = z.infer<typeof directoryFacets>;
