import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { Copy, Trash2 } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitcher } from '../../components/LanguageSwitcher';
import { EmptyState, ErrorMessage, Field, Notice, RelativeTime, useFieldErrors } from '../../components/ui';
import { setLoggingOut } from '../../lib/live';
import { useMe } from '../../lib/queries';
import { useSubmission } from '../../lib/submission';
import { MyConfirmations } from '../articles/MyConfirmations';
import { SecondFactorSection } from '../second-factor/SecondFactorSection';
import { AvatarUpload } from './AvatarUpload';
import { NotificationSettingsSection } from './NotificationSettingsSection';
import { ProfileForm } from './ProfileForm';
import { settingsApi, settingsKeys } from './queries';

export function SettingsPage() {
  const { t } = useTranslation();
  const me = useMe().data!;
  return (
    <div className="page">
      <h1 className="page-title">{t('settings.title')}</h1>
      <section className="card" aria-labelledby="settings-profile">
        <h2 id="settings-profile">{t('settings.profile')}</h2>
        <AvatarUpload me={me} />
        <ProfileForm profile={me} owner="me" />
      </section>
      <section className="card" aria-labelledby="settings-language">
        <h2 id="settings-language">{t('settings.language')}</h2>
        <p>{t('settings.languageText')}</p>
        <LanguageSwitcher />
      </section>
      <NotificationSettingsSection />
      <MyConfirmations />
      <PasswordSection />
      <SecondFactorSection />
      <TokensSection />
      <SessionsSection />
      <section className="card" aria-labelledby="settings-privacy">
        <h2 id="settings-privacy">{t('common.whatIsStored')}</h2>
        <Link to="/transparency">{t('nav.transparency')}</Link>
      </section>
    </div>
  );
}

function PasswordSection() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [form, setForm] = useState({ currentPassword: '', newPassword: '' });
  const change = useMutation({
    mutationFn: () => settingsApi.changePassword(form),
    onSuccess: () => {
      setForm({ currentPassword: '', newPassword: '' });
      // A new password revokes every access token.
      void queryClient.invalidateQueries({ queryKey: settingsKeys.tokens });
    },
  });
  const errors = useFieldErrors(change.error, form);
  function submit(event: FormEvent) {
    event.preventDefault();
    change.mutate();
  }
  return (
    <section className="card" aria-labelledby="settings-password">
      <h2 id="settings-password">{t('settings.password')}</h2>
      <p className="muted">{t('security.passwordHint')}</p>
      <form onSubmit={submit} noValidate className="form-narrow">
        <Field
          label={t('settings.currentPassword')}
          name="currentPassword"
          type="password"
          value={form.currentPassword}
          onChange={(v) => setForm({ ...form, currentPassword: v })}
          required
          autoComplete="current-password"
          error={errors.currentPassword}
        />
        <Field
          label={t('reset.newPassword')}
          name="newPassword"
          type="password"
          value={form.newPassword}
          onChange={(v) => setForm({ ...form, newPassword: v })}
          required
          autoComplete="new-password"
          hint={t('fields.passwordHint')}
          error={errors.newPassword}
        />
        <ErrorMessage error={change.error} />
        {change.isSuccess && <Notice tone="success">{t('settings.passwordChanged')}</Notice>}
        <button type="submit" className="button button-primary" disabled={change.isPending}>
          {t('settings.changePassword')}
        </button>
      </form>
    </section>
  );
}

function TokensSection() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [scope, setScope] = useState<'read' | 'write'>('read');
  const tokens = useQuery({
    queryKey: settingsKeys.tokens,
    queryFn: () => settingsApi.tokens(),
  });
  const tokenSubmission = useSubmission();
  const create = useMutation({
    mutationFn: () => settingsApi.createToken({ name, scope }, tokenSubmission.key()),
    onSuccess: () => {
      tokenSubmission.accepted();
      setName('');
      void queryClient.invalidateQueries({ queryKey: settingsKeys.tokens });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: number) => settingsApi.revokeToken(id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: settingsKeys.tokens }),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    tokenSubmission.run(create.mutateAsync);
  }
  return (
    <section className="card" aria-labelledby="settings-tokens">
      <h2 id="settings-tokens">{t('tokens.title')}</h2>
      <p>{t('tokens.text')}</p>
      <form onSubmit={submit} className="inline-form">
        <Field
          label={t('tokens.name')}
          name="tokenName"
          value={name}
          onChange={setName}
          required
          maxLength={100}
        />
        <div className="field">
          <label htmlFor="token-scope">{t('tokens.scope')}</label>
          <select
            id="token-scope"
            value={scope}
            onChange={(event) => setScope(event.target.value as 'read' | 'write')}
          >
            <option value="read">{t('tokens.read')}</option>
            <option value="write">{t('tokens.write')}</option>
          </select>
        </div>
        <button type="submit" className="button button-primary" disabled={create.isPending || !name.trim()}>
          {t('tokens.create')}
        </button>
      </form>
      <ErrorMessage error={create.error ?? revoke.error} />
      {create.data && (
        <Notice tone="success">
          <p>{t('tokens.created')}</p>
          <p className="token-value">
            <code>{create.data.token}</code>
            <button
              type="button"
              className="icon-button"
              onClick={() => navigator.clipboard?.writeText(create.data.token)}
              aria-label={t('common.copy')}
              title={t('common.copy')}
            >
              <Copy size={16} aria-hidden="true" />
            </button>
          </p>
        </Notice>
      )}
      {tokens.data && tokens.data.items.length === 0 ? (
        <EmptyState title={t('tokens.none')} />
      ) : (
        <ul className="row-list">
          {tokens.data?.items.map((token) => (
            <li key={token.id}>
              <span>
                <strong>{token.name}</strong> ·{' '}
                {token.scope === 'read' ? t('tokens.read') : t('tokens.write')}
                <br />
                <small className="muted">
                  {t('tokens.createdAt')} <RelativeTime iso={token.createdAt} />
                  {token.lastUsedAt && (
                    <>
                      {' · '}
                      {t('tokens.lastUsed')} <RelativeTime iso={token.lastUsedAt} />
                    </>
                  )}
                </small>
              </span>
              <button type="button" className="button button-danger" onClick={() => revoke.mutate(token.id)}>
                <Trash2 size={16} aria-hidden="true" /> {t('tokens.revoke')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function SessionsSection() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const everywhere = useMutation({
    mutationFn: () => {
      // This tab goes to /login itself; the server's "session ended" on its socket must not too.
      setLoggingOut(true);
      return settingsApi.logoutEverywhere();
    },
    onError: () => setLoggingOut(false),
    onSuccess: async () => {
      queryClient.clear();
      await navigate({ to: '/login', search: {} });
    },
  });
  return (
    <section className="card" aria-labelledby="settings-sessions">
      <h2 id="settings-sessions">{t('settings.sessions')}</h2>
      <p>{t('settings.sessionsText')}</p>
      <ErrorMessage error={everywhere.error} />
      <button
        type="button"
        className="button button-danger"
        onClick={() => everywhere.mutate()}
        disabled={everywhere.isPending}
      >
        {t('settings.logoutEverywhere')}
      </button>
    </section>
  );
}
