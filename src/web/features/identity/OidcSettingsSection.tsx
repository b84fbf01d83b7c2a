import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { OidcSettings, UpdateOidcSettingsBody } from '../../../shared/api/identity';
import { Checkbox, Field, Notice } from '../../components/ui';
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
  const { form, set, save, submit, field, toggle } = useSettingsForm({
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
      <Checkbox label={t('identity.ssoEnabled')} {...toggle('enabled')} />
      <Field
        label={t('identity.issuer')}
        {...field('issuer')}
        type="url"
        placeholder="https://login.microsoftonline.com/…/v2.0"
      />
      <Field label={t('identity.clientId')} {...field('clientId')} />
      <Field
        label={t('identity.clientSecret')}
        {...field('clientSecret')}
        type="password"
        autoComplete="new-password"
        hint={settings.hasClientSecret ? t('identity.clientSecretKept') : undefined}
      />
      <Field label={t('identity.buttonLabel')} {...field('buttonLabel')} maxLength={60} />
      <Field label={t('identity.scopes')} {...field('scopes')} />
      <Checkbox label={t('identity.onlySso')} {...toggle('onlySso')} />
      <Field label={t('identity.departmentClaim')} {...field('departmentClaim')} />
      <Field label={t('identity.titleClaim')} {...field('titleClaim')} />
      <Field label={t('identity.groupsClaim')} {...field('groupsClaim')} />
      <Field label={t('identity.adminGroups')} {...field('adminGroups')} hint={t('identity.groupsHint')} />
      <Field label={t('identity.editorGroups')} {...field('editorGroups')} hint={t('identity.groupsHint')} />
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
