import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../../shared/api/users';
import { Redirect } from '../../components/Redirect';
import { ErrorMessage, Field } from '../../components/ui';
import { queryKeys, useMe, useOrganisation } from '../../lib/queries';
import { SsoLogin, useAuthProviders } from '../identity/SsoLogin';
import {
  PasskeyLoginButton,
  SecondFactorStep,
  secondFactorChallengeOf,
} from '../second-factor/SecondFactorLogin';
import { AuthLayout } from './AuthLayout';
import { authApi } from './queries';

/** Only same-site paths are followed after login, never another host. */
const safeNext = (next: string | undefined) => (next?.startsWith('/') && !next.startsWith('//') ? next : '/');

export function LoginPage() {
  const { t } = useTranslation();
  const { next, error } = useSearch({ from: '/login' });
  const providers = useAuthProviders();
  const [showPassword, setShowPassword] = useState(false);
  const organisation = useOrganisation();
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const login = useMutation({
    mutationFn: () => authApi.login({ email, password }),
    onSuccess: (user) => loggedIn(user),
  });
  const challenge = secondFactorChallengeOf(login.error);
  async function loggedIn(user: Me) {
    queryClient.setQueryData(queryKeys.me, user);
    await navigate({ href: safeNext(next) });
  }
  if (organisation.data?.setupRequired) return <Redirect to="/setup" />;
  if (me.data) return <Redirect to={safeNext(next)} />;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!login.isPending) login.mutate();
  }

  if (challenge) {
    return (
      <AuthLayout title={t('secondFactor.loginTitle')}>
        <SecondFactorStep
          challenge={challenge}
          onDone={loggedIn}
          onRestart={() => {
            setPassword('');
            login.reset();
          }}
        />
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title={t('login.title')}>
      <SsoLogin next={safeNext(next)} error={error} />
      {providers.data?.onlySso && !showPassword ? (
        <p className="auth-links">
          <button type="button" className="button" onClick={() => setShowPassword(true)}>
            {t('identity.passwordAnyway')}
          </button>
        </p>
      ) : (
        <form onSubmit={submit}>
          <Field
            label={t('identity.loginIdentifier')}
            name="email"
            type="text"
            value={email}
            onChange={setEmail}
            required
            autoComplete="username"
          />
          <Field
            label={t('fields.password')}
            name="password"
            type="password"
            value={password}
            onChange={setPassword}
            required
            autoComplete="current-password"
          />
          <ErrorMessage error={login.error} />
          <button type="submit" className="button button-primary button-block" disabled={login.isPending}>
            {login.isPending ? t('login.submitting') : t('login.submit')}
          </button>
          <PasskeyLoginButton onDone={loggedIn} />
        </form>
      )}
      <p className="auth-links">
        <Link to="/forgot-password">{t('login.forgot')}</Link>
      </p>
    </AuthLayout>
  );
}
