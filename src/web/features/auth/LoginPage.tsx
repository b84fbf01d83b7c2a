import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../../shared/api/users';
import { Redirect } from '../../components/Redirect';
import { ErrorMessage, Field } from '../../components/ui';
import { api } from '../../lib/api';
import { queryKeys, useMe, useOrganisation } from '../../lib/queries';
import { AuthLayout } from './AuthLayout';

/** Only same-site paths are followed after login, never another host. */
const safeNext = (next: string | undefined) => (next?.startsWith('/') && !next.startsWith('//') ? next : '/');

export function LoginPage() {
  const { t } = useTranslation();
  const { next } = useSearch({ from: '/login' });
  const organisation = useOrganisation();
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const login = useMutation({
    mutationFn: () => api<Me>('POST', '/api/v1/session', { email, password }),
    onSuccess: async (user) => {
      queryClient.setQueryData(queryKeys.me, user);
      await navigate({ href: safeNext(next) });
    },
  });
  if (organisation.data?.setupRequired) return <Redirect to="/setup" />;
  if (me.data) return <Redirect to={safeNext(next)} />;

  function submit(event: FormEvent) {
    event.preventDefault();
    login.mutate();
  }

  return (
    <AuthLayout title={t('login.title')}>
      <form onSubmit={submit}>
        <Field
          label={t('fields.email')}
          name="email"
          type="email"
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
      </form>
      <p className="auth-links">
        <Link to="/forgot-password">{t('login.forgot')}</Link>
      </p>
    </AuthLayout>
  );
}
