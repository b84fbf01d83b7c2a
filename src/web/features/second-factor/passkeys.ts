import type {
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/browser';
import type { PasskeyInfo } from '../../../shared/api/second-factor';
import type { Me } from '../../../shared/api/users';
import { ApiError } from '../../lib/api-error';
import { secondFactorApi } from './queries';

/** Passkeys need WebAuthn and a secure context (https, or http://localhost). */
export const passkeysSupported = () =>
  typeof window !== 'undefined' &&
  window.PublicKeyCredential !== undefined &&
  typeof window.PublicKeyCredential === 'function';

// The WebAuthn helpers load only when someone uses a passkey: the login page stays small.
const webauthn = () => import('@simplewebauthn/browser');

/** The browser's own refusals (cancelled, timed out, no authenticator) as an error the UI words. */
function browserFailure(error: unknown): never {
  if (error instanceof ApiError) throw error;
  throw new ApiError(0, 'passkey_failed', error instanceof Error ? error.message : String(error));
}

/** Creates a passkey on this device and stores it under `name`. */
export async function registerPasskey(name: string): Promise<PasskeyInfo> {
  const ceremony = await secondFactorApi.passkeyRegistrationOptions();
  const { startRegistration } = await webauthn();
  const response = await startRegistration({
    optionsJSON: ceremony.options as unknown as PublicKeyCredentialCreationOptionsJSON,
  }).catch(browserFailure);
  const created = await secondFactorApi.savePasskey({ ticket: ceremony.ticket, name, response });
  return created.passkey;
}

/** Usernameless login: the device offers the passkeys it holds for this site. */
export async function loginWithPasskey(): Promise<Me> {
  const ceremony = await secondFactorApi.passkeyLoginOptions();
  const { startAuthentication } = await webauthn();
  const response = await startAuthentication({
    optionsJSON: ceremony.options as unknown as PublicKeyCredentialRequestOptionsJSON,
  }).catch(browserFailure);
  return secondFactorApi.passkeyLogin({ ticket: ceremony.ticket, response });
}

/** A name for a new passkey from the device, e.g. "iPhone" or "Windows". */
export function suggestedPasskeyName(): string {
  const agent = typeof navigator === 'undefined' ? '' : navigator.userAgent;
  for (const [pattern, name] of [
    [/iPhone/, 'iPhone'],
    [/iPad/, 'iPad'],
    [/Android/, 'Android'],
    [/Mac OS X/, 'Mac'],
    [/Windows/, 'Windows'],
    [/Linux/, 'Linux'],
  ] as const) {
    if (pattern.test(agent)) return name;
  }
  return 'Passkey';
}
