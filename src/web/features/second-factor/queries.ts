import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/browser';
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  completeSecondFactorBody,
  disableTotpBody,
  PasskeyCeremony,
  PasskeyInfo,
  RecoveryCodes,
  SecondFactorSettings,
  SecondFactorStatus,
  TotpSetup,
} from '../../../shared/api/second-factor';
import type { Me } from '../../../shared/api/users';
import { api } from '../../lib/api';

/** The second factor's API calls and query keys in one place (the WebAuthn steps are in passkeys.ts). */

export const secondFactorKeys = {
  /** My authenticator app and passkeys; under `me`, so refreshing me refreshes it too. */
  status: ['me', 'second-factor'] as const,
  /** The administration's rule (admins need a second factor). */
  settings: ['admin', 'second-factor'] as const,
};

export const secondFactorApi = {
  status: () => api<SecondFactorStatus>('GET', '/api/v1/me/second-factor'),
  /** Step two of a password login: a code from the app or a recovery code. */
  completeLogin: (proof: z.input<typeof completeSecondFactorBody>) =>
    api<Me>('POST', '/api/v1/session/second-factor', proof),
  startTotp: () => api<TotpSetup>('POST', '/api/v1/me/second-factor/totp'),
  confirmTotp: (code: string) =>
    api<RecoveryCodes>('POST', '/api/v1/me/second-factor/totp/confirm', { code }),
  /** Turning the app off needs a current code or the password. */
  disableTotp: (proof: z.input<typeof disableTotpBody>) =>
    api<unknown>('POST', '/api/v1/me/second-factor/totp/disable', proof),
  passkeyRegistrationOptions: () => api<PasskeyCeremony>('POST', '/api/v1/me/passkeys/options'),
  savePasskey: (passkey: { ticket: string; name: string; response: RegistrationResponseJSON }) =>
    api<{ passkey: PasskeyInfo }>('POST', '/api/v1/me/passkeys', passkey),
  deletePasskey: (passkeyId: number) => api<unknown>('DELETE', `/api/v1/me/passkeys/${passkeyId}`),
  passkeyLoginOptions: () => api<PasskeyCeremony>('POST', '/api/v1/session/passkey/options'),
  passkeyLogin: (login: { ticket: string; response: AuthenticationResponseJSON }) =>
    api<Me>('POST', '/api/v1/session/passkey', login),
  settings: () => api<SecondFactorSettings>('GET', '/api/v1/admin/identity/second-factor'),
  updateSettings: (adminsRequired: boolean) =>
    api<SecondFactorSettings>('PUT', '/api/v1/admin/identity/second-factor', { adminsRequired }),
  /** An admin removes someone's authenticator app and passkeys (a lost phone). */
  resetPerson: (userId: number) => api<unknown>('DELETE', `/api/v1/admin/users/${userId}/second-factor`),
};

export function useSecondFactorStatus() {
  return useQuery({ queryKey: secondFactorKeys.status, queryFn: () => secondFactorApi.status() });
}
