import { z } from 'zod';
import { text } from './common.js';

/** Six digits from the authenticator app; spaces people type in the middle are dropped. */
export const totpCodeSchema = text()
  .trim()
  .transform((value) => value.replace(/\s/g, ''))
  .pipe(z.string().regex(/^\d{6}$/, 'must be six digits'));
/** A recovery code as printed (`ABCDE-12345`); case, dashes and spaces do not matter. */
export const recoveryCodeSchema = text().trim().min(8).max(40);

export const totpSetup = z.object({
  /** The secret in base32, for typing it into the app by hand. */
  secret: z.string(),
  /** The `otpauth://` URI the QR code holds. */
  uri: z.string(),
  /** The QR code as an SVG document. */
  qrSvg: z.string(),
});
export type TotpSetup = z.infer<typeof totpSetup>;

export const confirmTotpBody = z.strictObject({ code: totpCodeSchema });
export const recoveryCodes = z.object({ recoveryCodes: z.array(z.string()) });
export type RecoveryCodes = z.infer<typeof recoveryCodes>;

/** Turning the authenticator off needs a current code or the password. */
export const disableTotpBody = z.union([
  z.strictObject({ code: totpCodeSchema }),
  z.strictObject({ password: text().min(1).max(200) }),
]);

export const passkeyInfo = z.object({
  id: z.number(),
  name: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});
export type PasskeyInfo = z.infer<typeof passkeyInfo>;

export const secondFactorStatus = z.object({
  totp: z.object({ enabled: z.boolean(), confirmedAt: z.string().nullable() }),
  recoveryCodesLeft: z.number(),
  passkeys: z.array(passkeyInfo),
  /** This person is an admin and the organisation requires admins to have a second factor. */
  required: z.boolean(),
});
export type SecondFactorStatus = z.infer<typeof secondFactorStatus>;

/** What a password login answers (401, `second_factor_required`) in `error.details`. */
export const secondFactorChallenge = z.object({
  challenge: z.string(),
  methods: z.array(z.enum(['totp', 'recovery_code', 'passkey'])),
  expiresAt: z.string(),
});
export type SecondFactorChallenge = z.infer<typeof secondFactorChallenge>;

export const completeSecondFactorBody = z.union([
  z.strictObject({ challenge: text().min(10).max(200), code: totpCodeSchema }),
  z.strictObject({ challenge: text().min(10).max(200), recoveryCode: recoveryCodeSchema }),
]);

export const secondFactorSettings = z.object({ adminsRequired: z.boolean() });
export type SecondFactorSettings = z.infer<typeof secondFactorSettings>;
export const updateSecondFactorSettingsBody = z.strictObject({ adminsRequired: z.boolean() });

/** WebAuthn ceremony options (as `@simplewebauthn/server` makes them) with the ticket to send back. */
export const passkeyCeremony = z.object({
  ticket: z.string(),
  options: z.record(z.string(), z.unknown()),
});
export type PasskeyCeremony = z.infer<typeof passkeyCeremony>;

/** The browser's answer (`@simplewebauthn/browser`), checked by the server library, not by zod. */
const webauthnResponse = z
  .object({ id: text().min(1).max(1500), rawId: text().max(1500), type: z.literal('public-key') })
  .passthrough();

export const registerPasskeyBody = z.strictObject({
  ticket: text().min(10).max(200),
  name: text().trim().min(1).max(80),
  response: webauthnResponse,
});
export const passkeyLoginBody = z.strictObject({
  ticket: text().min(10).max(200),
  response: webauthnResponse,
});
