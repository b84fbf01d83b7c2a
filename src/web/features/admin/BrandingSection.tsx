import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Organisation } from '../../../shared/api/auth';
import { ErrorMessage, Field, Notice, useFieldErrors } from '../../components/ui';
import { queryKeys, useOrganisation } from '../../lib/queries';
import { adminApi } from './queries';
import './admin.css';

/** The organisation's look (name, colour, logo) or its settings (language, who creates spaces): one tab each. */
export function BrandingSection({ part = 'branding' }: { part?: 'branding' | 'settings' }) {
  const organisation = useOrganisation();
  if (!organisation.data) return null;
  return <BrandingForm organisation={organisation.data} part={part} />;
}

function BrandingForm({ organisation, part }: { organisation: Organisation; part: 'branding' | 'settings' }) {
  const { t } = useTranslation();
  const logoInput = useId();
  const queryClient = useQueryClient();
  const [form, setForm] = useState({
    name: organisation.name,
    primaryColor: organisation.primaryColor,
    defaultLocale: organisation.defaultLocale,
    spaceCreation: organisation.spaceCreation,
    surveyMinGroupSize: organisation.surveyMinGroupSize,
  });
  const onSaved = (updated: Organisation) => queryClient.setQueryData(queryKeys.organisation, updated);
  const save = useMutation({
    mutationFn: () => adminApi.updateOrganisation(form),
    onSuccess: onSaved,
  });
  const logo = useMutation({
    mutationFn: (file: File) => adminApi.uploadLogo(file),
    onSuccess: onSaved,
  });
  const removeLogo = useMutation({
    mutationFn: () => adminApi.removeLogo(),
    onSuccess: onSaved,
  });
  const errors = useFieldErrors(save.error, form);

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }

  return (
    <section className="card" aria-labelledby="admin-branding">
      <h2 id="admin-branding">{part === 'branding' ? t('admin.brandingTitle') : t('adminTabs.settings')}</h2>
      <form onSubmit={submit} className="form-narrow" noValidate>
        {part === 'branding' && (
          <>
            <Field
              label={t('setup.organisationName')}
              name="organisationName"
              value={form.name}
              onChange={(name) => setForm({ ...form, name })}
              required
              error={errors.name}
              maxLength={100}
            />
            <div className="field">
              <label htmlFor="brand-color">{t('admin.primaryColor')}</label>
              <div className="color-row">
                <input
                  id="brand-color"
                  type="color"
                  value={form.primaryColor}
                  onChange={(event) => setForm({ ...form, primaryColor: event.target.value })}
                />
                <code>{form.primaryColor}</code>
              </div>
            </div>
          </>
        )}
        {part === 'settings' && (
          <>
            <div className="field">
              <label htmlFor="brand-locale">{t('admin.defaultLocale')}</label>
              <select
                id="brand-locale"
                value={form.defaultLocale}
                onChange={(event) => setForm({ ...form, defaultLocale: event.target.value as 'de' | 'en' })}
              >
                <option value="de">Deutsch</option>
                <option value="en">English</option>
              </select>
            </div>
            <div className="field">
              <label htmlFor="space-creation">{t('admin.spaceCreation')}</label>
              <select
                id="space-creation"
                value={form.spaceCreation}
                onChange={(event) =>
                  setForm({ ...form, spaceCreation: event.target.value as 'everyone' | 'admins' })
                }
              >
                <option value="everyone">{t('admin.spaceCreationEveryone')}</option>
                <option value="admins">{t('admin.spaceCreationAdmins')}</option>
              </select>
            </div>
            <div className="field">
              <label htmlFor="survey-min-group">{t('admin.surveyMinGroupSize')}</label>
              <input
                id="survey-min-group"
                type="number"
                min={3}
                max={50}
                value={form.surveyMinGroupSize}
                aria-describedby="survey-min-group-hint"
                onChange={(event) => setForm({ ...form, surveyMinGroupSize: Number(event.target.value) })}
              />
              <p className="field-hint" id="survey-min-group-hint">
                {t('admin.surveyMinGroupSizeHint')}
              </p>
              {errors.surveyMinGroupSize && <p className="field-error">{errors.surveyMinGroupSize}</p>}
            </div>
          </>
        )}
        <ErrorMessage error={save.error} />
        {save.isSuccess && <Notice tone="success">{t('common.saved')}</Notice>}
        <button type="submit" className="button button-primary" disabled={save.isPending}>
          {t('common.save')}
        </button>
      </form>
      {part === 'branding' && (
        <>
          <h3>{t('admin.logo')}</h3>
          <div className="logo-row">
            {organisation.logoUrl ? (
              <img src={organisation.logoUrl} alt={t('admin.logoCurrent')} className="logo-preview" />
            ) : (
              <p className="muted">{t('admin.noLogo')}</p>
            )}
            <label htmlFor={logoInput} className="button">
              {t('admin.logoUpload')}
            </label>
            <input
              id={logoInput}
              type="file"
              accept="image/*"
              className="visually-hidden"
              onChange={(event) => {
                const file = event.target.files?.[0];
                if (file) logo.mutate(file);
                event.target.value = '';
              }}
            />
            {organisation.logoUrl && (
              <button type="button" className="link-button" onClick={() => removeLogo.mutate()}>
                {t('admin.logoRemove')}
              </button>
            )}
          </div>
          <ErrorMessage error={logo.error ?? removeLogo.error} />
        </>
      )}
    </section>
  );
}
