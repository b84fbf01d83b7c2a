import type { Me, UserListItem, UserProfile, UserSummary } from '../../../shared/api/users.js';
import type { UserRow } from '../../db/schema.js';

/**
 * People without an e-mail address (staff who log in with an access code or personnel number) get
 * a unique address in the reserved `.invalid` domain, so the column stays unique and required;
 * it is never shown and no mail can reach it.
 */
export const NO_EMAIL_DOMAIN = 'no-email.invalid';
export const placeholderEmail = (unique: string) => `${unique}@${NO_EMAIL_DOMAIN}`;
export const visibleEmail = (email: string) => (email.endsWith(`@${NO_EMAIL_DOMAIN}`) ? '' : email);

export function avatarUrl(row: Pick<UserRow, 'id' | 'avatar_key'>): string | null {
  if (!row.avatar_key) return null;
  const version = row.avatar_key.split('/').pop();
  return `/api/v1/users/${row.id}/avatar?v=${version}`;
}

export function parseSkills(skills: string): string[] {
  try {
    const parsed: unknown = JSON.parse(skills);
    return Array.isArray(parsed) ? parsed.filter((skill): skill is string => typeof skill === 'string') : [];
  } catch {
    return [];
  }
}

export function toUserSummary(row: UserRow): UserSummary {
  return {
    id: row.id,
    handle: row.handle,
    name: row.name,
    title: row.title,
    department: row.department,
    avatarUrl: avatarUrl(row),
    active: row.status === 'active',
  };
}

export function toUserListItem(row: UserRow): UserListItem {
  return { ...toUserSummary(row), location: row.location, email: visibleEmail(row.email), role: row.role };
}

export function toUserProfile(
  row: UserRow,
  manager: UserRow | undefined,
  reports: UserRow[],
  followedByMe = false,
): UserProfile {
  return {
    ...toUserSummary(row),
    email: visibleEmail(row.email),
    location: row.location,
    phone: row.phone,
    about: row.about,
    skills: parseSkills(row.skills),
    role: row.role,
    manager: manager ? toUserSummary(manager) : null,
    reports: reports.map(toUserSummary),
    createdAt: row.created_at,
    followedByMe,
  };
}

export function toMe(row: UserRow, manager: UserRow | undefined, reports: UserRow[]): Me {
  return {
    ...toUserProfile(row, manager, reports),
    locale: row.locale === 'en' || row.locale === 'de' ? row.locale : null,
    permissions: {
      socialMedia: row.role === 'admin' || row.social_media === 1,
      staffLead: row.role === 'admin' || row.staff_lead === 1,
    },
  };
}
