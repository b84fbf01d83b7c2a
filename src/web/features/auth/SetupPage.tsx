import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Redirect } from '../../components/Redirect';
import { ErrorMessage, Field, useFieldErrors } from '../../components/ui';
import { queryKeys, useOrganisation } from '../../lib/queries';
import { useSubmission } from '../../lib/submission';
import { AuthLayout } from './AuthLayout';
import { authApi } from './queries';

export function SetupPage() {
  const { t, i18n } = useTranslation();
  const organisation = useOrganisation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form, setForm] = useState({ organisationName: '', name: '', email: '', password: '', demo: false });
  const submission = useSubmission();
  const setup = useMutation({
    mutationFn: () => authApi.setup({ ...form, locale: i18n.language === 'en' ? 'en' : 'de' }),
    onSuccess: async (me) => {
      queryClient.setQueryData(queryKeys.me, me);
      await queryClient.invalidateQueries({ queryKey: queryKeys.organisation });
      await navigate({ to: '/' });
    },
  });
  const errors = useFieldErrors(setup.error, form);
  if (organisation.data && !organisation.data.setupRequired) return <Redirect to="/login" />;
  const set = (key: keyof typeof form) => (value: string) => setForm({ ...form, [key]: value });

  function submit(event: FormEvent) {
    event.preventDefault();
    submission.run(setup.mutateAsync);
  }

  return (
    <AuthLayout title={t('setup.title')} intro={<p>{t('setup.intro')}</p>}>
      <form onSubmit={submit} noValidate>
        <Field
          label={t('setup.organisationName')}
          name="organisationName"
          value={form.organisationName}
          onChange={set('organisationName')}
          required
          error={errors.organisationName}
          autoComplete="organization"
          maxLength={100}
        />
        <Field
          label={t('fields.name')}
          name="name"
          value={form.name}
          onChange={set('name')}
          required
          error={errors.name}
          autoComplete="name"
          maxLength={100}
        />
        <Field
          label={t('fields.email')}
          name="email"
          type="email"
          value={form.email}
          onChange={set('email')}
          required
          error={errors.email}
          autoComplete="email"
        />
        <Field
          label={t('fields.password')}
          name="password"
          type="password"
          value={form.password}
          onChange={set('password')}
          required
          error={errors.password}
          hint={t('fields.passwordHint')}
          autoComplete="new-password"
        />
        <label className="checkbox">
          <input
            type="checkbox"
            name="demo"
            checked={form.demo}
            onChange={(event) => setForm({ ...form, demo: event.target.checked })}
          />
          <span>{t('setup.demo')}</span>
        </label>
        <ErrorMessage error={setup.error} />
        <button type="submit" className="button button-primary button-block" disabled={setup.isPending}>
          {setup.isPending ? t('common.saving') : t('setup.submit')}
        </button>
      </form>
    </AuthLayout>
  );
}
