import { useQueryClient } from '@tanstack/react-query';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { OidcSettings, UpdateOidcSettingsBody } from '../../../shared/api/identity';
import { Field, Notice } from '../../components/ui';
import './identity.css';
import { identityApi, identityKeys } from './queries';
import { completeMappings, GroupMappings, SaveOutcome, SettingsCard, useSettingsForm } from './SettingsForm';

const splitList = (value: string) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

/** Admin settings for single sign-on; the client secret can be replaced but is never shown. */
export function OidcSettingsSection() {
  const { t } = useTranslation();
  return (
    <SettingsCard
      id="admin-sso"
      title={t('identity.ssoTitle')}
      queryKey={identityKeys.oidcSettings}
      load={identityApi.oidcSettings}
    >
      {(settings) => <OidcForm settings={settings} />}
    </SettingsCard>
  );
}

function OidcForm({ settings }: { settings: OidcSettings }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const ids = { enabled: useId(), onlySso: useId() };
  const { form, set, save, errors, submit } = useSettingsForm({
    initial: {
      ...settings,
      clientSecret: '',
      adminGroups: settings.adminGroups.join(', '),
      editorGroups: settings.editorGroups.join(', '),
    },
    queryKey: identityKeys.oidcSettings,
    secretField: 'clientSecret',
    save: (form) => {
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
        spaceMappings: completeMappings(form.spaceMappings),
        ...(form.clientSecret ? { clientSecret: form.clientSecret } : {}),
      };
      return identityApi.saveOidcSettings(body);
    },
    onSaved: () => queryClient.invalidateQueries({ queryKey: identityKeys.providers }),
  });

  return (
    <form onSubmit={submit(save.isPending)} className="form-narrow" noValidate>
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
        <GroupMappings
          idPrefix=""
          mappings={form.spaceMappings}
          onChange={(mappings) => set('spaceMappings', mappings)}
        />
      </fieldset>
      <SaveOutcome save={save} />
      <button type="submit" className="button button-primary" disabled={save.isPending}>
        {t('identity.save')}
      </button>
    </form>
  );
}
