import type { z } from 'zod';
import type {
  acceptInvitationBody,
  invitationPreview,
  loginBody,
  passwordResetConfirmBody,
  setupBody,
} from '../../../shared/api/auth';
import type { Me } from '../../../shared/api/users';
import { api } from '../../lib/api';

/** Logging in and out, first setup, invitations, password resets: API calls and query keys. */

export const authKeys = {
  invitation: (token: string) => ['invitation', token] as const,
};

type PasswordReset = z.input<typeof passwordResetConfirmBody>;
type InvitationPreview = z.infer<typeof invitationPreview>;

export const authApi = {
  /** A password login; a person with a second factor gets `second_factor_required` with a challenge. */
  login: (credentials: z.input<typeof loginBody>) => api<Me>('POST', '/api/v1/session', credentials),
  /** Ends this session; after a single sign-on, `redirectUrl` is the provider's own logout page. */
  logout: () => api<{ redirectUrl: string | null }>('POST', '/api/v1/auth/logout'),
  /** The first administrator and the organisation, on a fresh installation. */
  setup: (form: z.input<typeof setupBody>) => api<Me>('POST', '/api/v1/setup', form),
  invitation: (token: string) =>
    api<InvitationPreview>('GET', `/api/v1/invitations/${encodeURIComponent(token)}`),
  acceptInvitation: (token: string, account: z.input<typeof acceptInvitationBody>) =>
    api<Me>('POST', `/api/v1/invitations/${encodeURIComponent(token)}/accept`, account),
  requestPasswordReset: (email: string) => api<unknown>('POST', '/api/v1/password-reset', { email }),
  /** The token comes from the link in the e-mail; a missing one is the server's to refuse. */
  resetPassword: (reset: Omit<PasswordReset, 'token'> & { token: string | undefined }) =>
    api<unknown>('POST', '/api/v1/password-reset/confirm', reset),
};
