import { z } from 'zod';

const attribute = z
  .string()
  .trim()
  .max(100)
  .regex(/^[A-Za-z0-9;-]*$/, 'may only contain letters, digits, ; and -');
const requiredAttribute = attribute.min(1);

/** Which directory attribute fills which field of a person; an empty name leaves the field alone. */
export const ldapAttributeMapping = z.strictObject({
  name: requiredAttribute,
  mail: attribute,
  title: attribute,
  department: attribute,
  location: attribute,
  phone: attribute,
  manager: attribute,
  personnelNumber: attribute,
});
export type LdapAttributeMapping = z.infer<typeof ldapAttributeMapping>;

export const ldapGroupMapping = z.strictObject({
  group: z.string().trim().min(1).max(200),
  spaceId: z.number().int().positive(),
});

const filter = z.string().trim().max(1000);

const ldapFields = {
  enabled: z.boolean(),
  url: z
    .string()
    .trim()
    .max(500)
    .regex(/^(ldaps?:\/\/.+)?$/i, 'must start with ldap:// or ldaps://'),
  startTls: z.boolean(),
  /** PEM of the certificate authority that signed the directory's certificate; empty = the system's. */
  caCert: z.string().trim().max(20_000),
  bindDn: z.string().trim().max(500),
  usersBaseDn: z.string().trim().max(500),
  usersFilter: filter,
  usernameAttribute: requiredAttribute,
  attributes: ldapAttributeMapping,
  groupsBaseDn: z.string().trim().max(500),
  groupsFilter: filter,
  groupNameAttribute: requiredAttribute,
  groupMemberAttribute: requiredAttribute,
  /** Explicit group → space choices; other groups go to the space of the same name when `groupsToSpaces`. */
  groupMappings: z.array(ldapGroupMapping).max(500),
  groupsToSpaces: z.boolean(),
  syncIntervalMinutes: z
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60),
};

export const ldapSyncResult = z.object({
  dryRun: z.boolean(),
  created: z.number(),
  updated: z.number(),
  reactivated: z.number(),
  deactivated: z.number(),
  errors: z.array(z.object({ dn: z.string(), message: z.string() })),
  /** What changed (or would change, in a dry run): at most the first 500 entries. */
  changes: z.array(
    z.object({
      action: z.enum(['create', 'update', 'reactivate', 'deactivate']),
      username: z.string(),
      name: z.string(),
      fields: z.array(z.string()),
    }),
  ),
});
export type LdapSyncResult = z.infer<typeof ldapSyncResult>;

/** The settings as the admin sees them: the bind password never leaves the server. */
export const ldapSettings = z.object({
  ...ldapFields,
  passwordSet: z.boolean(),
  lastSync: z
    .object({
      at: z.string(),
      created: z.number(),
      updated: z.number(),
      deactivated: z.number(),
      errors: z.number(),
    })
    .nullable(),
});
export type LdapSettings = z.infer<typeof ldapSettings>;

/** `bindPassword` left out keeps the stored one; an empty string removes it. */
export const updateLdapSettingsBody = z.strictObject({
  ...ldapFields,
  bindPassword: z.string().max(1000).optional(),
});
export type UpdateLdapSettingsBody = z.infer<typeof updateLdapSettingsBody>;

export const ldapTestResult = z.object({
  ok: z.boolean(),
  /** The step that failed: connecting, TLS, the service bind or the user search. */
  failedStep: z.enum(['connect', 'tls', 'bind', 'search']).nullable(),
  message: z.string(),
  users: z.number().nullable(),
  groups: z.number().nullable(),
});
export type LdapTestResult = z.infer<typeof ldapTestResult>;

export const ldapSyncQuery = z.object({
  dryRun: z
    .enum(['true', 'false'])
    .optional()
    .transform((value) => value === 'true'),
});
