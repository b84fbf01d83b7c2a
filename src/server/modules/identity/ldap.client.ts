import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import type { Client, Entry } from 'ldapts';
import type { LdapConfig } from './ldap.settings.js';

/** ldapts loads with the first directory connection, not at start: most installations have no directory. */
const ldapLibrary = () => import('ldapts');
type LdapLibrary = Awaited<ReturnType<typeof ldapLibrary>>;

/**
 * The directory, read through `ldapts`. LDAP goes to the company's own directory, which normally
 * lives at a private address: unlike outbound HTTP (webhooks, OIDC discovery) it is not subject to
 * KANTINE_OUTBOUND_ALLOW_PRIVATE — only an administrator sets the address.
 */
export type DirectoryStep = 'connect' | 'tls' | 'bind' | 'search';

export class DirectoryError extends Error {
  constructor(
    readonly step: DirectoryStep,
    message: string,
  ) {
    super(message);
  }
}

export interface DirectoryPerson {
  dn: string;
  username: string;
  name: string;
  /** `undefined`: the attribute is not mapped, so Kantine's value stays. */
  email: string | null | undefined;
  title: string | undefined;
  department: string | undefined;
  location: string | undefined;
  phone: string | undefined;
  personnelNumber: string | null | undefined;
  managerDn: string | null | undefined;
  /** Active Directory marks disabled accounts in userAccountControl (bit 2): treated as gone. */
  disabled: boolean;
}

export interface DirectoryGroup {
  dn: string;
  name: string;
  /** Member DNs (member / uniqueMember) or user names (memberUid), lower-cased. */
  members: string[];
}

const PAGE_SIZE = 500;
const TIMEOUT_MS = 15_000;

/** DNs compare case-insensitively and without blanks around separators. */
export function normalDn(dn: string) {
  return dn
    .split(',')
    .map((part) => part.trim())
    .join(',')
    .toLowerCase();
}

function tlsOptions(config: LdapConfig): ConnectionOptions {
  // StartTLS upgrades an open socket: without `host`, Node would check the certificate against "localhost".
  const host = new URL(config.url).hostname.replace(/^\[|\]$/g, '');
  return {
    host,
    ...(isIP(host) ? {} : { servername: host }),
    ...(config.caCert ? { ca: [config.caCert] } : {}),
  };
}

function classify(ldap: LdapLibrary, error: unknown, fallback: DirectoryStep): DirectoryError {
  if (error instanceof DirectoryError) return error;
  const code = String((error as { code?: unknown })?.code ?? '');
  const message = error instanceof Error ? error.message : String(error);
  if (/CERT|TLS|SSL|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME/i.test(code) || /certificate|tls|ssl/i.test(message))
    return new DirectoryError('tls', `TLS failed: ${message}`);
  if (error instanceof ldap.InvalidCredentialsError)
    return new DirectoryError('bind', 'The bind DN or password was refused by the directory.');
  if (error instanceof ldap.ResultCodeError)
    return new DirectoryError(fallback, `${fallback} failed: ${message}`);
  return new DirectoryError('connect', `The directory cannot be reached: ${message || code}`);
}

function newClient(ldap: LdapLibrary, config: LdapConfig) {
  return new ldap.Client({
    url: config.url,
    timeout: TIMEOUT_MS,
    connectTimeout: TIMEOUT_MS,
    // ldapts speaks TLS from the first byte whenever it is given TLS options: only for ldaps://.
    ...(config.url.toLowerCase().startsWith('ldaps://') ? { tlsOptions: tlsOptions(config) } : {}),
    strictDN: false,
  });
}

async function connect(config: LdapConfig, dn: string, password: string) {
  const ldap = await ldapLibrary();
  let client: Client;
  try {
    client = newClient(ldap, config);
  } catch {
    throw new DirectoryError('connect', `${config.url} is not a valid LDAP address.`);
  }
  try {
    if (config.startTls) await client.startTLS(tlsOptions(config));
  } catch (error) {
    await client.unbind().catch(() => {});
    throw classify(ldap, error, 'tls');
  }
  try {
    if (dn) await client.bind(dn, password);
  } catch (error) {
    await client.unbind().catch(() => {});
    throw classify(ldap, error, 'bind');
  }
  return client;
}

/** A connection bound as the service account (or anonymous when no bind DN is set). */
export function openServiceConnection(config: LdapConfig) {
  return connect(config, config.bindDn, config.bindPassword ?? '');
}

/** True when the directory accepts the password for this DN; false for a wrong password. */
export async function checkUserPassword(config: LdapConfig, dn: string, password: string) {
  // An empty password would be an "unauthenticated bind", which many servers accept: never that.
  if (!password) return false;
  try {
    const client = await connect(config, dn, password);
    await client.unbind().catch(() => {});
    return true;
  } catch (error) {
    if (error instanceof DirectoryError && error.step === 'bind') return false;
    throw error;
  }
}

function values(entry: Entry, attribute: string): string[] {
  if (!attribute) return [];
  const wanted = attribute.toLowerCase();
  const key = Object.keys(entry).find((name) => name.toLowerCase() === wanted);
  const raw = key ? entry[key] : undefined;
  if (raw === undefined) return [];
  const list = Array.isArray(raw) ? raw : [raw];
  return list.map((value) => (Buffer.isBuffer(value) ? value.toString('utf8') : String(value)));
}

function first(entry: Entry, attribute: string, max: number) {
  const value = values(entry, attribute)[0]?.trim();
  return value ? value.slice(0, max) : '';
}

const mapped = <T>(attribute: string, value: T) => (attribute ? value : undefined);

export function personFromEntry(config: LdapConfig, entry: Entry): DirectoryPerson | string {
  const { attributes: map } = config;
  const username = first(entry, config.usernameAttribute, 254);
  if (!username) return `no ${config.usernameAttribute}`;
  const mail = first(entry, map.mail, 254).toLowerCase();
  const name = first(entry, map.name, 100) || username;
  const control = Number(first(entry, 'userAccountControl', 20) || '0');
  return {
    dn: entry.dn,
    username,
    name,
    email: mapped(map.mail, mail.includes('@') ? mail : null),
    title: mapped(map.title, first(entry, map.title, 100)),
    department: mapped(map.department, first(entry, map.department, 100)),
    location: mapped(map.location, first(entry, map.location, 100)),
    phone: mapped(map.phone, first(entry, map.phone, 40).replace(/[^0-9+()/.\- ]/g, '')),
    personnelNumber: mapped(map.personnelNumber, first(entry, map.personnelNumber, 40) || null),
    managerDn: mapped(map.manager, first(entry, map.manager, 1000) || null),
    disabled: (control & 2) === 2,
  };
}

function personAttributes(config: LdapConfig) {
  const names = [config.usernameAttribute, ...Object.values(config.attributes), 'userAccountControl'];
  return [...new Set(names.filter((name) => name !== ''))];
}

const wrap = (filter: string) => {
  const trimmed = filter.trim();
  if (!trimmed) return '(objectClass=*)';
  return trimmed.startsWith('(') ? trimmed : `(${trimmed})`;
};

async function search(client: Client, base: string, filter: string, attributes: string[]) {
  const ldap = await ldapLibrary();
  try {
    const { searchEntries } = await client.search(base, {
      scope: 'sub',
      filter,
      attributes,
      // Simple paged results (RFC 2696): large directories answer page by page, under their size limit.
      paged: { pageSize: PAGE_SIZE },
    });
    return searchEntries;
  } catch (error) {
    throw classify(ldap, error, 'search');
  }
}

export async function searchPeople(client: Client, config: LdapConfig) {
  return search(client, config.usersBaseDn, wrap(config.usersFilter), personAttributes(config));
}

/** The one person a login names, by user name or e-mail; none or several → nobody. */
export async function findLoginEntry(client: Client, config: LdapConfig, login: string) {
  const { escapeFilter } = await ldapLibrary();
  const byName = escapeFilter`(${config.usernameAttribute}=${login})`;
  const byMail = config.attributes.mail ? escapeFilter`(${config.attributes.mail}=${login})` : '';
  const filter = `(&${wrap(config.usersFilter)}(|${byName}${byMail}))`;
  const entries = await search(client, config.usersBaseDn, filter, personAttributes(config));
  return entries.length === 1 ? entries[0] : undefined;
}

export async function searchGroups(client: Client, config: LdapConfig, memberOf?: DirectoryPerson) {
  if (!config.groupsBaseDn) return [];
  let filter = wrap(config.groupsFilter);
  if (memberOf) {
    const { escapeFilter } = await ldapLibrary();
    const attribute = config.groupMemberAttribute;
    filter = `(&${filter}(|${escapeFilter`(${attribute}=${memberOf.dn})`}${escapeFilter`(${attribute}=${memberOf.username})`}))`;
  }
  const entries = await search(client, config.groupsBaseDn, filter, [
    config.groupNameAttribute,
    config.groupMemberAttribute,
  ]);
  return entries.map(
    (entry): DirectoryGroup => ({
      dn: entry.dn,
      name: first(entry, config.groupNameAttribute, 100) || entry.dn,
      members: values(entry, config.groupMemberAttribute).map((member) =>
        member.includes('=') ? normalDn(member) : member.toLowerCase(),
      ),
    }),
  );
}
