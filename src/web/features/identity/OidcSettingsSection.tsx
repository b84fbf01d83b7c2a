import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OidcSettings, UpdateOidcSettingsBody } from '../../../shared/api/identity';
import type { Space } from '../../../shared/api/spaces';
import { ErrorMessage, Field, Notice, Skeleton, useFieldErrors } from '../../components/ui';
import { api } from '../../lib/api';
import './identity.css';

const settingsKey = ['admin', 'identity', 'oidc'] as const;
const splitList = (value: string) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

/** Admin settings for single sign-on; the client secret can be replaced but is never shown. */
export function OidcSettingsSection() {
  const { t } = useTranslation();
  const settings = useQuery({
    queryKey: settingsKey,
    queryFn: () => api<OidcSettings>('GET', '/api/v1/admin/identity/oidc'),
  });
  return (
    <section className="card" aria-labelledby="admin-sso">
      <h2 id="admin-sso">{t('identity.ssoTitle')}</h2>
      {settings.data ? <OidcForm settings={settings.data} /> : <Skeleton lines={4} />}
      <ErrorMessage error={settings.error} />
    </section>
  );
}

function OidcForm({ settings }: { settings: OidcSettings }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const ids = { enabled: useId(), onlySso: useId() };
  const [form, setForm] = useState({
    ...settings,
    clientSecret: '',
    adminGroups: settings.adminGroups.join(', '),
    editorGroups: settings.editorGroups.join(', '),
  });
  const spaces = useQuery({
    queryKey: ['spaces', 'all-for-mapping'],
    queryFn: () => api<{ items: Space[] }>('GET', '/api/v1/spaces?limit=100'),
  });
  const save = useMutation({
    mutationFn: () => {
      const body: UpdateOidcSettingsBody = {
        enabled: form.enabled,
        issuer: form.issuer,
        clientId: form.clientId,
        buttonLabel: form.buttonLabel,
        scopes: form.scopes,
        onlySso: form.onlySso,
        groupsClaim: form.groupsClaim,
        departmentClaim: form.departmentClaim,
        titleClaim: form.titleClaim,
        adminGroups: splitList(form.adminGroups),
        editorGroups: splitList(form.editorGroups),
        spaceMappings: form.spaceMappings.filter((mapping) => mapping.group.trim() && mapping.spaceId),
        ...(form.clientSecret ? { clientSecret: form.clientSecret } : {}),
      };
      return api<OidcSettings>('PUT', '/api/v1/admin/identity/oidc', body);
    },
    onSuccess: (saved) => {
      queryClient.setQueryData(settingsKey, saved);
      queryClient.invalidateQueries({ queryKey: ['auth', 'providers'] });
      setForm((current) => ({ ...current, clientSecret: '' }));
    },
  });
  const errors = useFieldErrors(save.error);
  const set = <K extends keyof typeof form>(key: K, value: (typeof form)[K]) =>
    setForm((current) => ({ ...current, [key]: value }));

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }

  return (
    <form onSubmit={submit} className="form-narrow" noValidate>
      <p>
        {t('identity.ssoIntro')} <code>{settings.redirectUri}</code>
      </p>
      {settings.source === 'environment' && <Notice>{t('identity.fromEnvironment')}</Notice>}
      <label className="checkbox" htmlFor={ids.enabled}>
        <input
          id={ids.enabled}
          type="checkbox"
          checked={form.enabled}
          onChange={(event) => set('enabled', event.target.checked)}
        />
        {t('identity.ssoEnabled')}
      </label>
      <Field
        label={t('identity.issuer')}
        name="issuer"
        type="url"
        value={form.issuer}
        onChange={(value) => set('issuer', value)}
        error={errors.issuer}
        placeholder="https://login.microsoftonline.com/…/v2.0"
      />
      <Field
        label={t('identity.clientId')}
        name="clientId"
        value={form.clientId}
        onChange={(value) => set('clientId', value)}
        error={errors.clientId}
      />
      <Field
        label={t('identity.clientSecret')}
        name="clientSecret"
        type="password"
        autoComplete="new-password"
        value={form.clientSecret}
        onChange={(value) => set('clientSecret', value)}
        hint={settings.hasClientSecret ? t('identity.clientSecretKept') : undefined}
      />
      <Field
        label={t('identity.buttonLabel')}
        name="buttonLabel"
        value={form.buttonLabel}
        onChange={(value) => set('buttonLabel', value)}
        maxLength={60}
      />
      <Field
        label={t('identity.scopes')}
        name="scopes"
        value={form.scopes}
        onChange={(value) => set('scopes', value)}
      />
      <label className="checkbox" htmlFor={ids.onlySso}>
        <input
          id={ids.onlySso}
          type="checkbox"
          checked={form.onlySso}
          onChange={(event) => set('onlySso', event.target.checked)}
        />
        {t('identity.onlySso')}
      </label>
      <Field
        label={t('identity.departmentClaim')}
        name="departmentClaim"
        value={form.departmentClaim}
        onChange={(value) => set('departmentClaim', value)}
        error={errors.departmentClaim}
      />
      <Field
        label={t('identity.titleClaim')}
        name="titleClaim"
        value={form.titleClaim}
        onChange={(value) => set('titleClaim', value)}
        error={errors.titleClaim}
      />
      <Field
        label={t('identity.groupsClaim')}
        name="groupsClaim"
        value={form.groupsClaim}
        onChange={(value) => set('groupsClaim', value)}
        error={errors.groupsClaim}
      />
      <Field
        label={t('identity.adminGroups')}
        name="adminGroups"
        value={form.adminGroups}
        onChange={(value) => set('adminGroups', value)}
        hint={t('identity.groupsHint')}
      />
      <Field
        label={t('identity.editorGroups')}
        name="editorGroups"
        value={form.editorGroups}
        onChange={(value) => set('editorGroups', value)}
        hint={t('identity.groupsHint')}
      />
      <fieldset className="identity-fieldset">
        <legend>{t('identity.spaceMappings')}</legend>
        <p className="field-hint">{t('identity.spaceMappingsHint')}</p>
        {form.spaceMappings.map((mapping, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place and have no identity yet.
          <div className="identity-mapping-row" key={index}>
            <Field
              label={t('identity.group')}
              name={`group-${index}`}
              value={mapping.group}
              onChange={(group) =>
                set(
                  'spaceMappings',
                  form.spaceMappings.map((row, i) => (i === index ? { ...row, group } : row)),
                )
              }
            />
            <div className="field">
              <label htmlFor={`mapping-space-${index}`}>{t('identity.space')}</label>
              <select
                id={`mapping-space-${index}`}
                value={mapping.spaceId}
                onChange={(event) =>
                  set(
                    'spaceMappings',
                    form.spaceMappings.map((row, i) =>
                      i === index ? { ...row, spaceId: Number(event.target.value) } : row,
                    ),
                  )
                }
              >
                <option value={0}>–</option>
                {spaces.data?.items.map((space) => (
                  <option key={space.id} value={space.id}>
                    {space.name}
                  </option>
                ))}
              </select>
            </div>
            <button
              type="button"
              className="button"
              onClick={() =>
                set(
                  'spaceMappings',
                  form.spaceMappings.filter((_, i) => i !== index),
                )
              }
            >
              {t('identity.removeMapping')}
            </button>
          </div>
        ))}
        <button
          type="button"
          className="button"
          onClick={() => set('spaceMappings', [...form.spaceMappings, { group: '', spaceId: 0 }])}
        >
          {t('identity.addMapping')}
        </button>
      </fieldset>
      <ErrorMessage error={save.error} />
      {save.isSuccess && <Notice tone="success">{t('identity.saved')}</Notice>}
      <button type="submit" className="button button-primary" disabled={save.isPending}>
        {t('identity.save')}
      </button>
    </form>
  );
}
