import { useMutation } from '@tanstack/react-query';
import { KeyRound } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../../shared/api/users';
import { ErrorMessage } from '../../components/ui';
import { meApi } from '../../lib/queries';
import { useSubmission } from '../../lib/submission';
import { passkeysSupported, registerPasskey, suggestedPasskeyName } from './passkeys';
import './second-factor.css';

/**
 * On the access-code page: a passkey on this phone instead of a password. The server ends the
 * set-up session and opens a normal one with the first credential.
 */
export function FirstPasskeyButton({ onDone }: { onDone: (me: Me) => void }) {
  const { t } = useTranslation();
  const submission = useSubmission();
  const create = useMutation({
    mutationFn: async () => {
      await registerPasskey(suggestedPasskeyName());
      return meApi.get();
    },
    onSuccess: onDone,
  });
  if (!passkeysSupported()) return null;
  return (
    <div className="passkey-login">
      <p className="muted">{t('secondFactor.redeemOr')}</p>
      <button
        type="button"
        className="button button-block"
        disabled={create.isPending}
        onClick={() => submission.run(create.mutateAsync)}
      >
        <KeyRound size={16} aria-hidden="true" /> {t('secondFactor.redeemPasskey')}
      </button>
      <ErrorMessage error={create.error} />
    </div>
  );
}
