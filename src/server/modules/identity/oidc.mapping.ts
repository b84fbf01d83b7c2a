import type { UserRole } from '../../db/schema.js';
import type { OidcConfig } from './oidc.settings.js';

/** What Kantine takes from a provider's claims (ID token merged with user info). */
export interface OidcPerson {
  subject: string;
  name: string;
  email: string | null;
  emailVerified: boolean;
  department: string | null;
  title: string | null;
  /** The `picture` claim: an https address of the person's photo. */
  picture: string | null;
  /** Null when the provider sent no group claim: then roles and memberships stay as they are. */
  groups: string[] | null;
}

const text = (value: unknown, max: number) =>
  typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, max) : null;

export function personFromClaims(claims: Record<string, unknown>, config: OidcConfig): OidcPerson {
  const email = text(claims.email, 254)?.toLowerCase() ?? null;
  const joined = [text(claims.given_name, 50), text(claims.family_name, 50)].filter(Boolean).join(' ');
  const name =
    text(claims.name, 100) ??
    (joined || null) ??
    text(claims.preferred_username, 100) ??
    email?.split('@')[0] ??
    'SSO';
  const rawGroups = claims[config.groupsClaim];
  const groups = Array.isArray(rawGroups)
    ? rawGroups.filter((group): group is string => typeof group === 'string')
    : typeof rawGroups === 'string'
      ? [rawGroups]
      : null;
  return {
    subject: String(claims.sub),
    name,
    email,
    // Some providers send "true" as a string; anything else is not verified.
    emailVerified: claims.email_verified === true || claims.email_verified === 'true',
    department: text(claims[config.departmentClaim], 100),
    title: text(claims[config.titleClaim], 100),
    picture: text(claims.picture, 2000),
    groups,
  };
}

/**
 * The role the groups give, or null when the mapping says nothing (no group claim, or no role
 * groups configured): then the person keeps their role. Only what the mapping names is granted.
 */
export function roleFromGroups(groups: string[] | null, config: OidcConfig): UserRole | null {
  if (groups === null || (config.adminGroups.length === 0 && config.editorGroups.length === 0)) return null;
  if (groups.some((group) => config.adminGroups.includes(group))) return 'admin';
  if (groups.some((group) => config.editorGroups.includes(group))) return 'editor';
  return 'member';
}

export function spacesFromGroups(groups: string[] | null, config: OidcConfig): number[] {
  if (!groups) return [];
  return [
    ...new Set(
      config.spaceMappings
        .filter((mapping) => groups.includes(mapping.group))
        .map((mapping) => mapping.spaceId),
    ),
  ];
}

/** Only same-origin relative paths are followed after login: never another host, never `//host`. */
export function safeReturnTo(returnTo: string | undefined): string {
  if (!returnTo?.startsWith('/') || returnTo.startsWith('//') || returnTo.includes('\\')) return '/';
  // Control characters (tabs, newlines) could turn the path into something a browser reads as a host.
  if ([...returnTo].some((char) => char.charCodeAt(0) < 0x20)) return '/';
  return returnTo;
}
