/**
 * Every error code the server can answer, in one union. `fail.*` on the server only accepts these,
 * and a unit test (src/web/i18n/messages.test.ts) fails when one lacks a German or English message
 * under `errors.<code>` in the web's i18n files. Adding a code: one line here (alphabetical, so
 * parallel additions merge cleanly) and one message in each of de.json and en.json.
 */
export const errorCodes = [
  'account_deactivated',
  'already_published',
  'already_reminded',
  'bad_request',
  'credential_required',
  'csrf',
  'database_busy',
  'database_timeout',
  'database_unavailable',
  'email_taken',
  'empty_article',
  'empty_file',
  'empty_post',
  'empty_query',
  'forbidden',
  'handle_taken',
  'idempotency_in_progress',
  'idempotency_key_reused',
  'image_rights_missing',
  'insufficient_scope',
  'internal',
  'invalid_access_code',
  'invalid_attachment',
  'invalid_audience',
  'invalid_credentials',
  'invalid_csv',
  'invalid_cursor',
  'invalid_idempotency_key',
  'invalid_image',
  'invalid_invitation',
  'invalid_json',
  'invalid_parent',
  'invalid_pdf',
  'invalid_state_change',
  'invalid_token',
  'invalid_upload',
  'invalid_webhook_url',
  'last_admin',
  'last_space_admin',
  'ldap_incomplete',
  'ldap_sync_running',
  'ldap_unavailable',
  'manager_cycle',
  'mandatory_public',
  'mandatory_space',
  'not_a_member',
  'not_an_editor',
  'not_found',
  'not_in_audience',
  'not_in_library',
  'not_in_space',
  'not_must_read',
  'oidc_incomplete',
  'outbound_refused',
  'outbox_not_failed',
  'payload_too_large',
  'personnel_number_taken',
  'public_url_fixed',
  'rate_limited',
  'request_timeout',
  'self_follow',
  'setup_done',
  'space_archived',
  'space_not_public',
  'sso_denied',
  'sso_email_unverified',
  'sso_failed',
  'sso_not_configured',
  'sso_only',
  'sso_unavailable',
  'storage_full',
  'storage_unavailable',
  'too_many_tokens',
  'type_mismatch',
  'unauthorized',
  'unknown_folder',
  'unknown_manager',
  'unknown_user',
  'unsupported_media_type',
  'unsupported_type',
  'validation_failed',
  'wrong_password',
  'wrong_type',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

/** Codes the web client makes up itself (no server answer); they need messages too. */
export const clientErrorCodes = ['network', 'offline', 'unknown'] as const;
export type ClientErrorCode = (typeof clientErrorCodes)[number];

/** What is wrong with one field of a `validation_failed` answer (`details[].kind`, with `limit` where one applies). */
export const fieldErrorKinds = [
  'required',
  'too_long',
  'too_short',
  'too_many',
  'too_few',
  'too_big',
  'too_small',
  'invalid_email',
  'invalid_url',
  'invalid_format',
  'invalid',
] as const;
export type FieldErrorKind = (typeof fieldErrorKinds)[number];

/** One entry of `details` in a `validation_failed` answer. */
export interface FieldErrorDetail {
  path: string;
  message: string;
  kind?: FieldErrorKind;
  limit?: number;
}
