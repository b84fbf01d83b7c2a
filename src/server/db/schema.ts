import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Times are ISO-8601 UTC strings and flags are 0/1 integers on both dialects, so repos never branch. */
export interface OrganisationTable {
  id: number;
  name: string;
  primary_color: string;
  logo_key: string | null;
  default_locale: string;
  /** Who may create spaces: 'everyone' or 'admins'. */
  space_creation: string;
  created_at: string;
  updated_at: string;
  /** The address for absolute links, stored at setup (KANTINE_PUBLIC_URL wins when set). */
  public_url: string | null;
}

/** Editors publish company news; admins may do everything editors may. */
export type UserRole = 'admin' | 'editor' | 'member';
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
  personnel_number: ColumnType<string | null, string | null | undefined, string | null>;
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

export type SpaceVisibility = 'public' | 'private' | 'secret';
export type SpaceRole = 'member' | 'admin';
export type MembershipStatus = 'member' | 'requested' | 'invited';
export type ContentState = 'draft' | 'scheduled' | 'published' | 'archived';

export interface SpacesTable {
  id: Generated<number>;
  name: string;
  description: string;
  color: string;
  visibility: SpaceVisibility;
  mandatory: number;
  archived_at: string | null;
  created_by: number | null;
  search_text: string;
  created_at: string;
  updated_at: string;
  avatar_key: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface SpaceMembersTable {
  space_id: number;
  user_id: number;
  role: SpaceRole;
  status: MembershipStatus;
  created_at: string;
}

/** One row per item that can appear in a stream (rule 2); its own fields live in a typed table. */
export interface ContentTable {
  id: Generated<number>;
  type: string;
  space_id: number | null;
  profile_user_id: number | null;
  author_id: number;
  state: ContentState;
  pinned: number;
  comment_count: number;
  created_at: string;
  updated_at: string;
  edited_at: string | null;
  published_at: string | null;
}

export interface PostsTable {
  content_id: number;
  body: string;
  body_html: string;
}

export interface CommentsTable {
  id: Generated<number>;
  content_id: number;
  parent_id: number | null;
  author_id: number;
  body: string;
  body_html: string;
  created_at: string;
  edited_at: string | null;
}

export interface ReactionsTable {
  content_id: number;
  user_id: number;
  type: string;
  created_at: string;
}

export interface ContentTagsTable {
  content_id: number;
  tag: string;
  /** The item's publication time, copied so hashtag streams read in date order from the tag index. */
  published_at: string | null;
}

export interface FollowsTable {
  follower_id: number;
  followee_id: number;
  created_at: string;
}

export interface FilesTable {
  id: string;
  uploader_id: number;
  content_id: number | null;
  position: number;
  name: string;
  mime: string;
  size: number;
  kind: 'image' | 'file';
  width: number | null;
  height: number | null;
  storage_key: string;
  created_at: string;
  space_id: ColumnType<number | null, number | null | undefined, number | null>;
  folder_id: ColumnType<number | null, number | null | undefined, number | null>;
  version: ColumnType<number, number | undefined, number>;
  thumbnail_key: ColumnType<string | null, string | null | undefined, string | null>;
  creator: ColumnType<string, string | undefined, string>;
  source: ColumnType<string, string | undefined, string>;
  licence: ColumnType<string, string | undefined, string>;
  updated_at: ColumnType<string | null, string | null | undefined, string | null>;
  /** Search text extraction: null (not yet), 'indexed', 'too_large', 'unreadable'. */
  text_state: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface FoldersTable {
  id: Generated<number>;
  space_id: number;
  parent_id: number | null;
  name: string;
  created_by: number | null;
  created_at: string;
}

export interface FileVersionsTable {
  file_id: string;
  version: number;
  name: string;
  mime: string;
  size: number;
  storage_key: string;
  uploader_id: number | null;
  created_at: string;
}

export interface NotificationsTable {
  id: Generated<number>;
  user_id: number;
  type: string;
  actor_id: number | null;
  actor_count: number;
  content_id: number | null;
  comment_id: number | null;
  space_id: number | null;
  group_key: string | null;
  read_at: string | null;
  created_at: string;
  updated_at: string;
  /** The outbox event that caused it: written at most once per (event, recipient, type). */
  event_id: ColumnType<number | null, number | null | undefined, number | null>;
}

/** Effects an outbox handler already had (a mail sent), so running an event again repeats none. */
export interface OutboxEffectsTable {
  event_id: number;
  handler: string;
  recipient: string;
  created_at: string;
}

export interface NotificationSettingsTable {
  user_id: number;
  type: string;
  enabled: number;
}

export interface MutesTable {
  user_id: number;
  target: string;
  created_at: string;
}

export interface SearchIndexTable {
  id: Generated<number>;
  doc_type: string;
  doc_id: number;
  content_id: number | null;
  space_id: number | null;
  author_id: number | null;
  title: string;
  body: string;
  created_ts: number;
  raw_terms: string;
  stem_terms: string;
  file_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export type GuestCommentsMode = 'off' | 'moderated' | 'open';

export interface ArticlesTable {
  content_id: number;
  title: string;
  teaser: string;
  body: string;
  body_html: string;
  category: string;
  slug: string;
  cover_file_id: string | null;
  is_public: number;
  guest_comments: GuestCommentsMode;
  must_read: number;
  must_read_deadline: string | null;
  scheduled_at: string | null;
  reading_minutes: number;
  reminder_sent_at: string | null;
  last_editor_id: number | null;
}

export interface ArticleMustReadSpacesTable {
  content_id: number;
  space_id: number;
}

export interface ReadConfirmationsTable {
  content_id: number;
  user_id: number;
  confirmed_at: string;
}

export interface ArticleRevisionsTable {
  id: Generated<number>;
  content_id: number;
  title: string;
  teaser: string;
  body: string;
  editor_id: number | null;
  created_at: string;
}

export type GuestCommentState = 'pending' | 'approved' | 'rejected' | 'spam';

export interface GuestCommentsTable {
  id: Generated<number>;
  content_id: number;
  name: string;
  email: string;
  website: string;
  body: string;
  state: GuestCommentState;
  created_at: string;
  moderated_by: number | null;
  moderated_at: string | null;
}

export interface CaptchaChallengesTable {
  id: string;
  answer: number;
  expires_at: string;
}

/** Every hashtag once, with how often it was ever used (for suggestions; visibility is checked per viewer). */
export interface HashtagsTable {
  tag: string;
  uses: number;
}

/** Who did what to which space, for administrators (secret/private space made public, …). */
export interface AuditLogTable {
  id: Generated<number>;
  actor_id: number | null;
  action: string;
  space_id: number | null;
  /** JSON object with the action's particulars (e.g. visibility before and after). */
  details: string;
  created_at: string;
}

/** Secrets the server creates for itself once (e.g. the key that signs captcha tokens). */
export interface InstanceSecretsTable {
  name: string;
  value: string;
  created_at: string;
}

/** Captcha tokens already answered, kept only until they expire so that each works once. */
export interface UsedCaptchasTable {
  id: string;
  expires_at: string;
}

export interface DB {
  organisation: OrganisationTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  invitations: InvitationsTable;
  password_resets: PasswordResetsTable;
  login_failures: LoginFailuresTable;
  spaces: SpacesTable;
  space_members: SpaceMembersTable;
  content: ContentTable;
  posts: PostsTable;
  comments: CommentsTable;
  reactions: ReactionsTable;
  content_tags: ContentTagsTable;
  follows: FollowsTable;
  files: FilesTable;
  notifications: NotificationsTable;
  outbox_effects: OutboxEffectsTable;
  notification_settings: NotificationSettingsTable;
  mutes: MutesTable;
  search_index: SearchIndexTable;
  folders: FoldersTable;
  file_versions: FileVersionsTable;
  articles: ArticlesTable;
  article_must_read_spaces: ArticleMustReadSpacesTable;
  read_confirmations: ReadConfirmationsTable;
  article_revisions: ArticleRevisionsTable;
  guest_comments: GuestCommentsTable;
  captcha_challenges: CaptchaChallengesTable;
  hashtags: HashtagsTable;
  health_probes: HealthProbesTable;
  audit_log: AuditLogTable;
  instance_secrets: InstanceSecretsTable;
  used_captchas: UsedCaptchasTable;
  idempotency_keys: IdempotencyKeysTable;
  identity_settings: IdentitySettingsTable;
  oidc_links: OidcLinksTable;
  oidc_logins: OidcLoginsTable;
  oidc_sessions: OidcSessionsTable;
  access_codes: AccessCodesTable;
  session_restrictions: SessionRestrictionsTable;
  scim_tokens: ScimTokensTable;
  scim_users: ScimUsersTable;
  scim_groups: ScimGroupsTable;
  scim_group_members: ScimGroupMembersTable;
  outbox: OutboxTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
}

export interface ScimTokensTable {
  id: Generated<number>;
  name: string;
  token_hash: string;
  created_by: number | null;
  created_at: string;
  last_used_at: string | null;
}

export interface ScimUsersTable {
  user_id: number;
  user_name: string;
  external_id: string | null;
}

export interface ScimGroupsTable {
  id: Generated<number>;
  display_name: string;
  external_id: string | null;
  space_id: number;
  created_at: string;
}

export interface ScimGroupMembersTable {
  group_id: number;
  user_id: number;
}

export interface IdentitySettingsTable {
  kind: string;
  settings: string;
  secret: string | null;
  updated_at: string;
}

export interface OidcLinksTable {
  issuer: string;
  subject: string;
  user_id: number;
  created_at: string;
}

export interface OidcLoginsTable {
  state_hash: string;
  code_verifier: string;
  nonce: string;
  return_to: string;
  expires_at: string;
}

export interface OidcSessionsTable {
  session_id: string;
  issuer: string;
  id_token: string;
}

export interface AccessCodesTable {
  code_hash: string;
  user_id: number;
  created_by: number | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface SessionRestrictionsTable {
  session_id: string;
  purpose: 'set_credential';
}

export interface IdempotencyKeysTable {
  user_id: number;
  key: string;
  request_hash: string;
  status_code: number | null;
  response_body: string | null;
  created_at: string;
}

/** Readiness write probe: one row per app node. */
export interface HealthProbesTable {
  node_id: string;
  checked_at: string;
}

export type UserRow = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type OrganisationRow = Selectable<OrganisationTable>;
export type InvitationRow = Selectable<InvitationsTable>;
export type ApiTokenRow = Selectable<ApiTokensTable>;
export type SpaceRow = Selectable<SpacesTable>;
export type MembershipRow = Selectable<SpaceMembersTable>;
export type ContentRow = Selectable<ContentTable>;
export type CommentRow = Selectable<CommentsTable>;
export type FileRow = Selectable<FilesTable>;
export type NotificationRow = Selectable<NotificationsTable>;
export type FolderRow = Selectable<FoldersTable>;
export type ArticleRow = Selectable<ArticlesTable>;
export type GuestCommentRow = Selectable<GuestCommentsTable>;

export type OutboxState = 'pending' | 'done' | 'failed';

/** Domain events written with the change that caused them; workers run their handlers. */
export interface OutboxTable {
  id: Generated<number>;
  type: string;
  /** The event as JSON. */
  payload: string;
  dedupe_key: string | null;
  state: ColumnType<OutboxState, OutboxState | undefined, OutboxState>;
  attempts: ColumnType<number, number | undefined, number>;
  /** JSON array of the handlers that already succeeded: a retry runs only the others. */
  done_handlers: ColumnType<string, string | undefined, string>;
  available_at: string;
  locked_until: string | null;
  locked_by: string | null;
  last_error: string | null;
  created_at: string;
  finished_at: string | null;
}

export interface WebhooksTable {
  id: Generated<number>;
  url: string;
  /** JSON array of event types, or ["*"]. */
  events: string;
  description: string;
  secret: string;
  owner_id: number;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface WebhookDeliveriesTable {
  id: Generated<number>;
  webhook_id: number;
  event_id: number;
  event_type: string;
  attempt: number;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
  created_at: string;
}

export type OutboxRow = Selectable<OutboxTable>;
export type WebhookRow = Selectable<WebhooksTable>;
