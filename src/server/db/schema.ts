import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Times are ISO-8601 UTC strings and flags are 0/1 integers on both dialects, so repos never branch. */
export interface OrganisationTable {
  id: number;
  name: string;
  primary_color: string;
  logo_key: string | null;
  default_locale: string;
  created_at: string;
  updated_at: string;
}

export type UserRole = 'admin' | 'member';
export type UserStatus = 'active' | 'deactivated';

export interface UsersTable {
  id: Generated<number>;
  email: string;
  handle: string;
  name: string;
  password_hash: string | null;
  role: UserRole;
  status: UserStatus;
  title: string;
  department: string;
  location: string;
  phone: string;
  about: string;
  skills: string;
  manager_id: number | null;
  avatar_key: string | null;
  locale: string | null;
  search_text: string;
  created_at: string;
  updated_at: string;
  deactivated_at: string | null;
}

export interface SessionsTable {
  id: string;
  user_id: number;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  user_agent: string;
}

export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: string;
  scope: 'read' | 'write';
  created_at: string;
  last_used_at: string | null;
}

export interface InvitationsTable {
  id: Generated<number>;
  email: string;
  role: UserRole;
  token_hash: string;
  invited_by: number;
  created_at: string;
  expires_at: string;
  accepted_at: string | null;
  revoked_at: string | null;
}

export interface PasswordResetsTable {
  token_hash: string;
  user_id: number;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface LoginFailuresTable {
  key: string;
  window_start: string;
  failures: number;
}

export interface DB {
  organisation: OrganisationTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  invitations: InvitationsTable;
  password_resets: PasswordResetsTable;
  login_failures: LoginFailuresTable;
}

export type UserRow = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type OrganisationRow = Selectable<OrganisationTable>;
export type InvitationRow = Selectable<InvitationsTable>;
export type ApiTokenRow = Selectable<ApiTokensTable>;
