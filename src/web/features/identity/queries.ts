import type {
  AuthProviders,
  CreatePersonBody,
  OidcSettings,
  StaffMember,
  StaffTeamPage,
  UpdateOidcSettingsBody,
} from '../../../shared/api/identity';
import type {
  LdapSettings,
  LdapSyncResult,
  LdapTestResult,
  UpdateLdapSettingsBody,
} from '../../../shared/api/ldap';
import type { Space } from '../../../shared/api/spaces';
import type { Me } from '../../../shared/api/users';
import { api, upload } from '../../lib/api';

/** The identity feature's API calls and query keys in one place (the shared ones live in lib/queries.ts). */

export const identityKeys = {
  providers: ['auth', 'providers'] as const,
  oidcSettings: ['admin', 'identity', 'oidc'] as const,
  ldapSettings: ['admin', 'identity', 'ldap'] as const,
  /** Spaces a group can be mapped to (SSO and directory settings). */
  spacesForMapping: ['spaces', 'all-for-mapping'] as const,
  /** The people below me for whom I may print access codes. */
  staffTeam: ['staff', 'team'] as const,
};

export interface ImportResult {
  lines: { line: number; ok: boolean; error?: string; action?: 'create' | 'update' }[];
  created: number;
  updated: number;
  written: boolean;
}

export const identityApi = {
  providers: () => api<AuthProviders>('GET', '/api/v1/auth/providers'),
  oidcSettings: () => api<OidcSettings>('GET', '/api/v1/admin/identity/oidc'),
  saveOidcSettings: (body: UpdateOidcSettingsBody) =>
    api<OidcSettings>('PUT', '/api/v1/admin/identity/oidc', body),
  ldapSettings: () => api<LdapSettings>('GET', '/api/v1/admin/identity/ldap'),
  saveLdapSettings: (body: UpdateLdapSettingsBody) =>
    api<LdapSettings>('PUT', '/api/v1/admin/identity/ldap', body),
  testLdap: () => api<LdapTestResult>('POST', '/api/v1/admin/identity/ldap/test'),
  syncLdap: (dryRun: boolean) =>
    api<LdapSyncResult>('POST', `/api/v1/admin/identity/ldap/sync?dryRun=${dryRun}`),
  spacesForMapping: () => api<{ items: Space[] }>('GET', '/api/v1/spaces?limit=100'),
  importPeople: (file: File, options: { dryRun: boolean; skipBadLines: boolean }) =>
    upload<ImportResult>(
      'POST',
      `/api/v1/admin/people/import?dryRun=${options.dryRun}&skipBadLines=${options.skipBadLines}`,
      file,
    ),
  createPerson: (body: Partial<CreatePersonBody>) => api<StaffMember>('POST', '/api/v1/admin/people', body),
  staffTeam: (cursor: string | null) =>
    api<StaffTeamPage>('GET', `/api/v1/staff/team?limit=100${cursor ? `&cursor=${cursor}` : ''}`),
  /** The printable sheet is a page of its own (opened in a new tab), not a JSON call. */
  accessCodeSheetUrl: (userIds: number[]) => `/api/v1/admin/access-codes/sheet?userIds=${userIds.join(',')}`,
  redeem: (code: string) => api<Me>('POST', '/api/v1/access-codes/redeem', { code }),
  setFirstPassword: (password: string) => api<Me>('POST', '/api/v1/access-codes/password', { password }),
};
