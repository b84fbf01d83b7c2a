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
  /** Survey results never describe fewer people than this. */
  survey_min_group_size: number;
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
  /** The social media desk right (admins have it anyway). */
  social_media: ColumnType<number, number | undefined, number>;
  /** The team-lead right for staff without e-mail (admins have it anyway). */
  staff_lead: ColumnType<number, number | undefined, number>;
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
  /** A feature outside posts and libraries that keeps this upload (e.g. 'story:12'); the sweeper leaves it. */
  held_by: ColumnType<string | null, string | null | undefined, string | null>;
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
  /** A notification's own text and link, for those about no content (e.g. a story's note). */
  note: ColumnType<string | null, string | null | undefined, string | null>;
  link: ColumnType<string | null, string | null | undefined, string | null>;
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
  ldap_users: LdapUsersTable;
  ldap_memberships: LdapMembershipsTable;
  ldap_sync_state: LdapSyncStateTable;
  outbox: OutboxTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  totp_credentials: TotpCredentialsTable;
  recovery_codes: RecoveryCodesTable;
  passkeys: PasskeysTable;
  second_factor_tickets: SecondFactorTicketsTable;
  fediverse_followers: FediverseFollowersTable;
  fediverse_objects: FediverseObjectsTable;
  fediverse_replies: FediverseRepliesTable;
  stories: StoriesTable;
  story_pictures: StoryPicturesTable;
  story_consents: StoryConsentsTable;
  social_accounts: SocialAccountsTable;
  social_posts: SocialPostsTable;
  social_post_media: SocialPostMediaTable;
  social_settings: SocialSettingsTable;
  share_clicks: ShareClicksTable;
  social_oauth_apps: SocialOauthAppsTable;
  social_oauth_states: SocialOauthStatesTable;
  social_guidelines: SocialGuidelinesTable;
  social_guideline_confirmations: SocialGuidelineConfirmationsTable;
  surveys: SurveysTable;
  survey_participants: SurveyParticipantsTable;
  survey_counts: SurveyCountsTable;
  survey_texts: SurveyTextsTable;
  survey_responses: SurveyResponsesTable;
  polls: PollsTable;
  poll_options: PollOptionsTable;
  poll_voters: PollVotersTable;
  poll_votes: PollVotesTable;
  ideas: IdeasTable;
  idea_votes: IdeaVotesTable;
  idea_followers: IdeaFollowersTable;
  idea_status_changes: IdeaStatusChangesTable;
  idea_reviewers: IdeaReviewersTable;
}

/** Fediverse accounts following the newsroom's actor `@news`. */
export interface FediverseFollowersTable {
  id: Generated<number>;
  actor_uri: string;
  inbox: string;
  shared_inbox: string | null;
  /** `@user@host`, for the moderation queue and the desk. */
  handle: string;
  name: string;
  created_at: string;
}

/** Articles sent to followers as ActivityPub objects (Create done; Update or Delete follow). */
export interface FediverseObjectsTable {
  content_id: number;
  object_uri: string;
  created_at: string;
  updated_at: string;
}

/** Remote replies (Create Note) that became guest comments. */
export interface FediverseRepliesTable {
  id: Generated<number>;
  note_uri: string;
  actor_uri: string;
  guest_comment_id: number;
  created_at: string;
}

export interface SurveysTable {
  id: Generated<number>;
  title: string;
  description: string;
  anonymous: number;
  audience: string;
  questions: string;
  opens_at: string | null;
  closes_at: string | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  reminder_sent_at: string | null;
}

/** Whether a person answered a survey — never what. */
export interface SurveyParticipantsTable {
  survey_id: number;
  user_id: number;
}

/** Answer counters (no person, no time): dimension 'all' | 'department' | 'location'. */
export interface SurveyCountsTable {
  survey_id: number;
  question_id: string;
  dimension: string;
  group_key: string;
  answer_key: string;
  count: number;
}

export interface SurveyTextsTable {
  id: string;
  survey_id: number;
  question_id: string;
  text: string;
}

export interface SurveyResponsesTable {
  survey_id: number;
  user_id: number;
  answers: string;
  created_at: string;
}

/** A poll of a post (kind `poll`); anonymous polls keep only counters and "has voted" rows. */
export interface PollsTable {
  content_id: number;
  multiple: number;
  anonymous: number;
  closes_at: string | null;
  results_visibility: string;
}

export interface PollOptionsTable {
  id: Generated<number>;
  content_id: number;
  position: number;
  text: string;
  /** Anonymous polls only: the bare count, nothing about who or when. */
  votes: Generated<number>;
}

/** Whether a person voted (never what): no option, no time. */
export interface PollVotersTable {
  content_id: number;
  user_id: number;
}

/** Votes of polls that are not anonymous, one row per chosen option. */
export interface PollVotesTable {
  content_id: number;
  option_id: number;
  user_id: number;
  created_at: string;
}

export interface IdeasTable {
  content_id: number;
  title: string;
  problem: string;
  proposal: string;
  picture_file_id: string | null;
  status: string;
  status_reason: string | null;
  status_changed_at: string | null;
  merged_into: number | null;
  vote_count: Generated<number>;
}

export interface IdeaVotesTable {
  content_id: number;
  user_id: number;
  created_at: string;
}

export interface IdeaFollowersTable {
  content_id: number;
  user_id: number;
}

export interface IdeaStatusChangesTable {
  id: Generated<number>;
  content_id: number;
  status: string;
  reason: string;
  actor_id: number | null;
  created_at: string;
}

export interface IdeaReviewersTable {
  user_id: number;
}

export interface LdapUsersTable {
  user_id: number;
  username: string;
  dn: string;
  deactivated_by_sync: number;
  created_at: string;
}

export interface LdapMembershipsTable {
  space_id: number;
  user_id: number;
}

export interface LdapSyncStateTable {
  id: number;
  claimed_until: string | null;
  last_started_at: string | null;
  last_result: string | null;
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

/** A person's TOTP authenticator; unconfirmed until they typed a first code from it. */
export interface TotpCredentialsTable {
  user_id: number;
  secret: string;
  created_at: string;
  confirmed_at: string | null;
  last_used_step: number | null;
}

/** Recovery codes for when the authenticator is lost: hashed, each works once. */
export interface RecoveryCodesTable {
  code_hash: string;
  user_id: number;
  created_at: string;
  used_at: string | null;
}

/** WebAuthn credentials (passkeys); the public key base64url-encoded, transports as a JSON array. */
export interface PasskeysTable {
  id: Generated<number>;
  user_id: number;
  credential_id: string;
  public_key: string;
  counter: number;
  transports: string;
  name: string;
  created_at: string;
  last_used_at: string | null;
}

export type SecondFactorTicketPurpose = 'login' | 'passkey_register' | 'passkey_login';

/** A login waiting for its second factor, or a WebAuthn ceremony under way. */
export interface SecondFactorTicketsTable {
  ticket_hash: string;
  purpose: SecondFactorTicketPurpose;
  user_id: number | null;
  challenge: string | null;
  failures: ColumnType<number, number | undefined, number>;
  expires_at: string;
}
export interface StoriesTable {
  id: Generated<number>;
  author_id: number;
  title: string;
  body: string;
  link: string | null;
  /** new, planned, in_progress, published, not_now */
  state: string;
  note: string | null;
  campaign: string | null;
  planned_for: string | null;
  created_at: string;
  updated_at: string;
}

export interface StoryPicturesTable {
  story_id: number;
  file_id: string;
  position: number;
  creator: string;
  source: string;
  licence: string;
  alt: string | null;
}

export interface StoryConsentsTable {
  id: Generated<number>;
  story_id: number;
  file_id: string | null;
  person_id: number | null;
  external_name: string | null;
  form_file_id: string | null;
  /** requested, confirmed, declined (colleagues); on_file (an external person's signed form) */
  state: string;
  requested_by: number | null;
  created_at: string;
  answered_at: string | null;
}

export interface SocialAccountsTable {
  id: Generated<number>;
  network: string;
  name: string;
  service_url: string;
  /** AES-256-GCM sealed JSON; never leaves the server. */
  credentials: string;
  created_by: number | null;
  created_at: string;
}

export interface SocialPostsTable {
  id: Generated<number>;
  story_id: number | null;
  article_id: number | null;
  channel: string;
  account_id: number | null;
  text: string;
  campaign: string | null;
  /** draft, scheduled, publishing, published, failed */
  state: string;
  scheduled_at: string | null;
  published_at: string | null;
  external_url: string | null;
  error: string | null;
  claimed_until: string | null;
  /** Sent as Idempotency-Key, so a retried publication is not posted twice. */
  attempt_key: string;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface SocialPostMediaTable {
  post_id: number;
  file_id: string;
  position: number;
  alt: string;
}

export interface SocialSettingsTable {
  id: number;
  guidelines_article_id: number | null;
  updated_at: string;
}

/** A Mastodon app Kantine registered on an instance (one per instance, reused). */
export interface SocialOauthAppsTable {
  instance_url: string;
  redirect_uri: string;
  client_id: string;
  /** AES-256-GCM sealed; never leaves the server. */
  client_secret: string;
  created_at: string;
}

/** A pending Mastodon authorisation: the SHA-256 of its state, bound to the person who started it. */
export interface SocialOauthStatesTable {
  state_hash: string;
  user_id: number;
  instance_url: string;
  expires_at: string;
}

/** Each saved text of the social-media guidelines is a new version (the newest counts). */
export interface SocialGuidelinesTable {
  id: Generated<number>;
  title: string;
  body: string;
  author_id: number | null;
  created_at: string;
}

export interface SocialGuidelineConfirmationsTable {
  guidelines_id: number;
  user_id: number;
  confirmed_at: string;
}

export interface ShareClicksTable {
  story_id: number;
  network: string;
  clicks: number;
}

export type StoryRow = Selectable<StoriesTable>;
export type StoryConsentRow = Selectable<StoryConsentsTable>;
export type SocialAccountRow = Selectable<SocialAccountsTable>;
export type SocialPostRow = Selectable<SocialPostsTable>;
