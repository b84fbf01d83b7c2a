import type { Me, UserListItem, UserProfile, UserSummary } from '../../../shared/api/users.js';
import type { UserRow } from '../../db/schema.js';

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
  return { ...toUserSummary(row), location: row.location, email: row.email, role: row.role };
}

export function toUserProfile(
  row: UserRow,
  manager: UserRow | undefined,
  reports: UserRow[],
  followedByMe = false,
): UserProfile {
  return {
    ...toUserSummary(row),
    email: row.email,
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
  };
}
