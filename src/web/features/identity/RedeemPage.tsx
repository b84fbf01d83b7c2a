import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage, Field } from '../../components/ui';
import { queryKeys } from '../../lib/queries';
import { AuthLayout } from '../auth/AuthLayout';
import { NewPasswordForm } from '../auth/NewPasswordForm';
import { FirstPasskeyButton } from '../second-factor/FirstPasskeyButton';
import './identity.css';
import { identityApi } from './queries';

/**
 * Where a printed access code leads (its QR code opens `/redeem?code=…`): the code is filled in but
 * only used when the person taps, so a link preview cannot spend it. Then they set their password.
 */
export function RedeemPage() {
  const { t } = useTranslation();
  const search = useSearch({ from: '/redeem' });
  const [code, setCode] = useState(search.code ?? '');
  const [password, setPassword] = useState('');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const redeem = useMutation({ mutationFn: () => identityApi.redeem(code) });
  const setFirst = useMutation({
    mutationFn: () => identityApi.setFirstPassword(password),
    onSuccess: async (me) => {
      queryClient.setQueryData(queryKeys.me, me);
      await navigate({ to: '/' });
    },
  });

  function submitCode(event: FormEvent) {
    event.preventDefault();
    redeem.mutate();
  }

  if (redeem.data) {
    return (
      <AuthLayout
        title={t('identity.redeemWelcome', { name: redeem.data.name })}
        intro={<p>{t('identity.redeemSetPassword')}</p>}
      >
        <NewPasswordForm
          label={t('identity.newPassword')}
          submitLabel={t('identity.redeemFinish')}
          password={password}
          onPasswordChange={setPassword}
          onSubmit={() => setFirst.mutate()}
          error={setFirst.error}
          busy={setFirst.isPending}
        />
        <FirstPasskeyButton
          onDone={async (me) => {
            queryClient.setQueryData(queryKeys.me, me);
            await navigate({ to: '/' });
          }}
        />
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title={t('identity.redeemTitle')} intro={<p>{t('identity.redeemIntro')}</p>}>
      <form onSubmit={submitCode}>
        <Field
          label={t('identity.accessCode')}
          name="code"
          value={code}
          onChange={setCode}
          required
          autoComplete="one-time-code"
          placeholder="ABCDE-12345"
          maxLength={64}
        />
        <ErrorMessage error={redeem.error} />
        <button
          type="submit"
          className="button button-primary button-block"
          disabled={redeem.isPending || !code.trim()}
        >
          {t('identity.redeemSubmit')}
        </button>
      </form>
      <p className="auth-links">
        <Link to="/login" search={{}}>
          {t('identity.redeemHaveAccount')}
        </Link>
      </p>
    </AuthLayout>
  );
}
