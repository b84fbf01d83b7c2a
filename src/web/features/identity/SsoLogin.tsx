import { useQuery } from '@tanstack/react-query';
import { KeyRound } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { type ErrorCode, errorCodes } from '../../../shared/api/errors';
import { ErrorMessage } from '../../components/ui';
import { ApiError } from '../../lib/api-error';
import './identity.css';
import { identityApi, identityKeys } from './queries';

export function useAuthProviders() {
  return useQuery({
    queryKey: identityKeys.providers,
    queryFn: identityApi.providers,
    staleTime: 60_000,
  });
}

/**
 * The single sign-on buttons above the password form, and the reason a sign-on came back
 * without a session (`?error=` from the callback).
 */
export function SsoLogin({ next, error }: { next: string; error?: string }) {
  const { t } = useTranslation();
  const providers = useAuthProviders().data?.providers ?? [];
  return (
    <>
      {error && (
        <ErrorMessage
          error={
            new ApiError(
              400,
              (errorCodes as readonly string[]).includes(error) ? (error as ErrorCode) : 'sso_failed',
              t('errors.sso_failed'),
            )
          }
        />
      )}
      {providers.length > 0 && (
        <div className="sso-options">
          {providers.map((provider) => (
            <a
              key={provider.id}
              className="button button-primary button-block sso-button"
              href={`${provider.loginUrl}?returnTo=${encodeURIComponent(next)}`}
            >
              <KeyRound size={18} aria-hidden="true" />
              {provider.label}
            </a>
          ))}
          <p className="sso-divider">
            <span>{t('identity.orWithPassword')}</span>
          </p>
        </div>
      )}
    </>
  );
}
