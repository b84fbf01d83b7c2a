import { useMutation } from '@tanstack/react-query';
import { Link, useSearch } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage, Field, Notice } from '../../components/ui';
import { AuthLayout } from './AuthLayout';
import { NewPasswordForm } from './NewPasswordForm';
import { authApi } from './queries';

export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const request = useMutation({ mutationFn: () => authApi.requestPasswordReset(email) });
  function submit(event: FormEvent) {
    event.preventDefault();
    request.mutate();
  }
  return (
    <AuthLayout title={t('forgot.title')} intro={<p>{t('forgot.intro')}</p>}>
      {request.isSuccess ? (
        <Notice tone="success">{t('forgot.sent')}</Notice>
      ) : (
        <form onSubmit={submit}>
          <Field
            label={t('fields.email')}
            name="email"
            type="email"
            value={email}
            onChange={setEmail}
            required
            autoComplete="email"
          />
          <ErrorMessage error={request.error} />
          <button type="submit" className="button button-primary button-block" disabled={request.isPending}>
            {t('forgot.submit')}
          </button>
        </form>
      )}
      <p className="auth-links">
        <Link to="/login" search={{}}>
          {t('forgot.back')}
        </Link>
      </p>
    </AuthLayout>
  );
}

export function ResetPasswordPage() {
  const { t } = useTranslation();
  const { token } = useSearch({ from: '/reset-password' });
  const [password, setPassword] = useState('');
  const reset = useMutation({
    mutationFn: () => authApi.resetPassword({ token, password }),
  });
  return (
    <AuthLayout title={t('reset.title')}>
      {reset.isSuccess ? (
        <>
          <Notice tone="success">{t('reset.done')}</Notice>
          <Link to="/login" search={{}} className="button button-primary button-block">
            {t('login.submit')}
          </Link>
        </>
      ) : (
        <NewPasswordForm
          label={t('reset.newPassword')}
          submitLabel={t('reset.submit')}
          password={password}
          onPasswordChange={setPassword}
          onSubmit={() => reset.mutate()}
          error={reset.error}
          busy={reset.isPending || !token}
        />
      )}
    </AuthLayout>
  );
}
