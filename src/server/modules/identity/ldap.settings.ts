import type { LdapSettings, UpdateLdapSettingsBody } from '../../../shared/api/ldap.js';
import type { AppContext } from '../../context.js';
import { fail } from '../../http/errors.js';
import { isoNow } from '../../lib/clock.js';
import { openTextOrNull, sealText } from '../../lib/secret-box.js';
import * as repo from './identity.repo.js';
import * as ldapRepo from './ldap.repo.js';

/** The effective directory settings, with the bind password (which never leaves the server). */
export type LdapConfig = Omit<UpdateLdapSettingsBody, 'bindPassword'> & { bindPassword: string | null };

type StoredSettings = Omit<UpdateLdapSettingsBody, 'bindPassword'>;

export const ldapDefaults: StoredSettings = {
  enabled: false,
  url: '',
  startTls: false,
  caCert: '',
  bindDn: '',
  usersBaseDn: '',
  usersFilter: '(objectClass=person)',
  usernameAttribute: 'uid',
  attributes: {
    name: 'cn',
    mail: 'mail',
    title: 'title',
    department: 'departmentNumber',
    location: 'l',
    phone: 'telephoneNumber',
    manager: 'manager',
    personnelNumber: 'employeeNumber',
  },
  groupsBaseDn: '',
  groupsFilter: '(objectClass=groupOfNames)',
  groupNameAttribute: 'cn',
  groupMemberAttribute: 'member',
  groupMappings: [],
  groupsToSpaces: true,
  syncIntervalMinutes: 0,
};

export async function loadLdapConfig(ctx: AppContext): Promise<LdapConfig> {
  const row = await repo.findSettings(ctx.database.db, 'ldap');
  if (!row) return { ...ldapDefaults, bindPassword: null };
  const stored = JSON.parse(row.settings) as Partial<StoredSettings>;
  return {
    ...ldapDefaults,
    ...stored,
    attributes: { ...ldapDefaults.attributes, ...stored.attributes },
    bindPassword: openTextOrNull(ctx, row.secret, 'LDAP bind password'),
  };
}

export function isLdapUsable(config: LdapConfig): boolean {
  return config.enabled && config.url !== '' && config.usersBaseDn !== '';
}

export async function getLdapSettings(ctx: AppContext): Promise<LdapSettings> {
  const { bindPassword, ...visible } = await loadLdapConfig(ctx);
  const state = await ldapRepo.findSyncState(ctx.database.db);
  const last = state?.last_result ? (JSON.parse(state.last_result) as LdapSettings['lastSync']) : null;
  return { ...visible, passwordSet: !!bindPassword, lastSync: last };
}

export async function updateLdapSettings(ctx: AppContext, body: UpdateLdapSettingsBody) {
  const current = await loadLdapConfig(ctx);
  const { bindPassword, ...settings } = body;
  if (settings.enabled && (!settings.url || !settings.usersBaseDn))
    throw fail.badRequest(
      'ldap_incomplete',
      'The server address and the users base DN are needed to turn the directory on.',
    );
  if (settings.startTls && settings.url.toLowerCase().startsWith('ldaps://'))
    throw fail.badRequest(
      'ldap_incomplete',
      'StartTLS is for ldap:// addresses; ldaps:// is encrypted already.',
    );
  const secret = bindPassword === undefined ? current.bindPassword : bindPassword || null;
  await repo.saveSettings(
    ctx.database.db,
    'ldap',
    JSON.stringify(settings),
    secret === null ? null : sealText(ctx, secret),
    isoNow(ctx.clock),
  );
  return getLdapSettings(ctx);
}
