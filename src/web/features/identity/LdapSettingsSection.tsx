import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { LdapAttributeMapping, LdapSettings, LdapSyncResult } from '../../../shared/api/ldap';
import { Checkbox, ErrorMessage, Field, Notice } from '../../components/ui';
import './identity.css';
import './ldap.css';
import { identityApi, identityKeys } from './queries';
import { completeMappings, GroupMappings, SaveOutcome, SettingsCard, useSettingsForm } from './SettingsForm';

const attributeKeys: (keyof LdapAttributeMapping)[] = [
  'name',
  'mail',
  'title',
  'department',
  'location',
  'phone',
  'manager',
  'personnelNumber',
];

/** Admin settings for LDAP / Active Directory: connection, mapping, test, dry run and sync. */
export function LdapSettingsSection() {
  const { t } = useTranslation();
  return (
    <SettingsCard
      id="admin-ldap"
      title={t('ldap.title')}
      queryKey={identityKeys.ldapSettings}
      load={identityApi.ldapSettings}
    >
      {(settings) => <LdapForm settings={settings} />}
    </SettingsCard>
  );
}

function LdapForm({ settings }: { settings: LdapSettings }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { passwordSet, lastSync, ...initial } = settings;
  const { form, set, save, errors, submit, field, toggle } = useSettingsForm({
    initial: { ...initial, bindPassword: '', interval: String(settings.syncIntervalMinutes) },
    queryKey: identityKeys.ldapSettings,
    secretField: 'bindPassword',
    save: ({ bindPassword, interval, ...rest }) =>
      identityApi.saveLdapSettings({
        ...rest,
        syncIntervalMinutes: Math.max(0, Math.round(Number(interval) || 0)),
        groupMappings: completeMappings(rest.groupMappings),
        ...(bindPassword ? { bindPassword } : {}),
      }),
  });
  const test = useMutation({ mutationFn: identityApi.testLdap });
  const sync = useMutation({
    mutationFn: identityApi.syncLdap,
    onSuccess: (result) => {
      if (!result.dryRun) queryClient.invalidateQueries({ queryKey: identityKeys.ldapSettings });
    },
  });
  const setAttribute = (key: keyof LdapAttributeMapping, value: string) =>
    set('attributes', { ...form.attributes, [key]: value });
  const busy = save.isPending || test.isPending || sync.isPending;

  return (
    <form onSubmit={submit(busy)} className="form-narrow" noValidate>
      <p>{t('ldap.intro')}</p>
      <Checkbox label={t('ldap.enabled')} {...toggle('enabled')} />
      <Field
        label={t('ldap.url')}
        {...field('url')}
        placeholder="ldaps://dc1.firma.local"
        hint={t('ldap.urlHint')}
      />
      <Checkbox label={t('ldap.startTls')} {...toggle('startTls')} />
      <Field
        label={t('ldap.caCert')}
        {...field('caCert')}
        multiline
        placeholder="-----BEGIN CERTIFICATE-----"
        hint={t('ldap.caCertHint')}
      />
      <Field
        label={t('ldap.bindDn')}
        {...field('bindDn')}
        placeholder="CN=kantine,OU=Dienste,DC=firma,DC=local"
      />
      <Field
        label={t('ldap.bindPassword')}
        {...field('bindPassword')}
        type="password"
        autoComplete="new-password"
        hint={passwordSet ? t('ldap.bindPasswordKept') : undefined}
      />
      <Field
        label={t('ldap.usersBaseDn')}
        {...field('usersBaseDn')}
        placeholder="OU=Mitarbeitende,DC=firma,DC=local"
      />
      <Field label={t('ldap.usersFilter')} {...field('usersFilter')} hint={t('ldap.usersFilterHint')} />
      <Field
        label={t('ldap.usernameAttribute')}
        {...field('usernameAttribute')}
        hint={t('ldap.usernameAttributeHint')}
      />
      <fieldset className="identity-fieldset">
        <legend>{t('ldap.attributesTitle')}</legend>
        <div className="ldap-attributes">
          {attributeKeys.map((key) => (
            <Field
              key={key}
              label={t(`ldap.attribute.${key}`)}
              name={`attribute-${key}`}
              value={form.attributes[key]}
              onChange={(value) => setAttribute(key, value)}
              error={errors[`attributes.${key}`]}
            />
          ))}
        </div>
      </fieldset>
      <fieldset className="identity-fieldset">
        <legend>{t('ldap.groupsTitle')}</legend>
        <Field label={t('ldap.groupsBaseDn')} {...field('groupsBaseDn')} hint={t('ldap.groupsBaseDnHint')} />
        <Field label={t('ldap.groupsFilter')} {...field('groupsFilter')} />
        <Field label={t('ldap.groupNameAttribute')} {...field('groupNameAttribute')} />
        <Field label={t('ldap.groupMemberAttribute')} {...field('groupMemberAttribute')} />
        <Checkbox label={t('ldap.groupsToSpaces')} {...toggle('groupsToSpaces')} />
        <p className="field-hint">{t('ldap.mappingsHint')}</p>
        <GroupMappings
          idPrefix="ldap-"
          mappings={form.groupMappings}
          onChange={(mappings) => set('groupMappings', mappings)}
        />
      </fieldset>
      <Field
        label={t('ldap.syncInterval')}
        name="syncIntervalMinutes"
        value={form.interval}
        onChange={(value) => set('interval', value)}
        error={errors.syncIntervalMinutes}
        hint={t('ldap.syncIntervalHint')}
      />
      <SaveOutcome save={save} />
      <div className="ldap-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {t('identity.save')}
        </button>
        <button type="button" className="button" disabled={busy} onClick={() => test.mutate()}>
          {t('ldap.test')}
        </button>
        <button type="button" className="button" disabled={busy} onClick={() => sync.mutate(true)}>
          {t('ldap.dryRun')}
        </button>
        <button type="button" className="button" disabled={busy} onClick={() => sync.mutate(false)}>
          {t('ldap.syncNow')}
        </button>
      </div>
      <p className="field-hint">{t('ldap.saveFirst')}</p>
      {test.data &&
        (test.data.ok ? (
          <Notice tone="success">
            {t('ldap.testOk', { users: test.data.users ?? 0, groups: test.data.groups ?? 0 })}
          </Notice>
        ) : (
          <div className="alert alert-error" role="alert">
            <strong>{t(`ldap.failedStep.${test.data.failedStep ?? 'connect'}`)}</strong> {test.data.message}
          </div>
        ))}
      <ErrorMessage error={test.error ?? sync.error} />
      {sync.data && <SyncResult result={sync.data} />}
      {lastSync && !sync.data && (
        <p className="field-hint">
          {t('ldap.lastSync', {
            at: new Date(lastSync.at).toLocaleString(),
            created: lastSync.created,
            updated: lastSync.updated,
            deactivated: lastSync.deactivated,
            errors: lastSync.errors,
          })}
        </p>
      )}
    </form>
  );
}

function SyncResult({ result }: { result: LdapSyncResult }) {
  const { t } = useTranslation();
  return (
    <div className="ldap-result" aria-live="polite">
      <Notice tone={result.dryRun ? 'info' : 'success'}>
        {t(result.dryRun ? 'ldap.dryRunSummary' : 'ldap.syncSummary', {
          created: result.created,
          updated: result.updated,
          reactivated: result.reactivated,
          deactivated: result.deactivated,
          errors: result.errors.length,
        })}
      </Notice>
      {result.changes.length === 0 ? (
        <p>{t('ldap.noChanges')}</p>
      ) : (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard.
        <section className="ldap-table-wrap" aria-label={t('ldap.changesLabel')} tabIndex={0}>
          <table className="ldap-table">
            <thead>
              <tr>
                <th scope="col">{t('ldap.column.action')}</th>
                <th scope="col">{t('ldap.column.username')}</th>
                <th scope="col">{t('ldap.column.name')}</th>
                <th scope="col">{t('ldap.column.fields')}</th>
              </tr>
            </thead>
            <tbody>
              {result.changes.map((change) => (
                <tr key={`${change.action}-${change.username}`}>
                  <td>{t(`ldap.action.${change.action}`)}</td>
                  <td>{change.username}</td>
                  <td>{change.name}</td>
                  <td>{change.fields.map((field) => t(`ldap.field.${field}`)).join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {result.errors.length > 0 && (
        <ul className="import-errors">
          {result.errors.map((error) => (
            <li key={`${error.dn}-${error.message}`}>
              {error.dn}: {error.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
