import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserProfile } from '../../../shared/api/users';
import { ErrorMessage, Field, Notice, useFieldErrors } from '../../components/ui';
import { queryKeys } from '../../lib/queries';
import { peopleApi, peopleKeys } from '../people/queries';
import { type ProfileOwner, settingsApi } from './queries';
import './settings.css';

/** Edits a profile: one's own (`owner="me"`), anyone's (`owner={id}`) for admins. */
export function ProfileForm({
  profile,
  owner,
  onSaved,
}: {
  profile: UserProfile;
  owner: ProfileOwner;
  onSaved?: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [form, setForm] = useState({
    name: profile.name,
    handle: profile.handle,
    title: profile.title,
    department: profile.department,
    location: profile.location,
    phone: profile.phone,
    about: profile.about,
    skills: profile.skills.join(', '),
    managerId: profile.manager?.id ?? null,
  });
  const [managerQuery, setManagerQuery] = useState('');
  const candidates = useQuery({
    queryKey: peopleKeys.manager(managerQuery),
    queryFn: () => peopleApi.find(managerQuery, 8),
    enabled: managerQuery.length >= 2,
  });
  const save = useMutation({
    mutationFn: () =>
      settingsApi.updateProfile(owner, {
        ...form,
        skills: form.skills
          .split(',')
          .map((skill) => skill.trim())
          .filter(Boolean),
      }),
    onSuccess: async (updated) => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.me });
      await queryClient.invalidateQueries({ queryKey: peopleKeys.one(updated.id) });
      await queryClient.invalidateQueries({ queryKey: peopleKeys.all });
      onSaved?.();
    },
  });
  const errors = useFieldErrors(save.error, form);
  const set = (key: keyof typeof form) => (value: string) => setForm({ ...form, [key]: value });

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }

  const managerName =
    form.managerId === profile.manager?.id
      ? profile.manager?.name
      : candidates.data?.items.find((p) => p.id === form.managerId)?.name;

  return (
    <form onSubmit={submit} noValidate className="form-grid">
      <Field
        label={t('fields.name')}
        name="name"
        value={form.name}
        onChange={set('name')}
        required
        error={errors.name}
        maxLength={100}
        autoComplete="name"
      />
      <Field
        label={t('fields.handle')}
        name="handle"
        value={form.handle}
        onChange={set('handle')}
        required
        error={errors.handle}
        hint={t('fields.handleHint')}
        maxLength={30}
      />
      <Field
        label={t('fields.title')}
        name="title"
        value={form.title}
        onChange={set('title')}
        error={errors.title}
        maxLength={100}
        autoComplete="organization-title"
      />
      <Field
        label={t('fields.department')}
        name="department"
        value={form.department}
        onChange={set('department')}
        error={errors.department}
        maxLength={100}
      />
      <Field
        label={t('fields.location')}
        name="location"
        value={form.location}
        onChange={set('location')}
        error={errors.location}
        maxLength={100}
      />
      <Field
        label={t('fields.phone')}
        name="phone"
        type="tel"
        value={form.phone}
        onChange={set('phone')}
        error={errors.phone}
        maxLength={40}
        autoComplete="tel"
      />
      <div className="span-2">
        <Field
          label={t('fields.about')}
          name="about"
          value={form.about}
          onChange={set('about')}
          error={errors.about}
          multiline
          maxLength={2000}
        />
      </div>
      <div className="span-2">
        <Field
          label={t('fields.skills')}
          name="skills"
          value={form.skills}
          onChange={set('skills')}
          error={errors.skills}
          hint={t('fields.skillsHint')}
        />
      </div>
      <fieldset className="span-2 manager-picker">
        <legend>{t('fields.manager')}</legend>
        <p>
          {managerName ? t('settings.currentManager', { name: managerName }) : t('settings.noManager')}
          {form.managerId !== null && (
            <button
              type="button"
              className="link-button"
              onClick={() => setForm({ ...form, managerId: null })}
            >
              {t('settings.removeManager')}
            </button>
          )}
        </p>
        <Field
          label={t('settings.findManager')}
          name="managerSearch"
          type="search"
          value={managerQuery}
          onChange={setManagerQuery}
          error={errors.managerId}
        />
        {candidates.data && (
          <ul className="option-list">
            {candidates.data.items
              .filter((person) => person.id !== profile.id)
              .map((person) => (
                <li key={person.id}>
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => {
                      setForm({ ...form, managerId: person.id });
                      setManagerQuery('');
                    }}
                  >
                    {person.name} {person.title && `· ${person.title}`}
                  </button>
                </li>
              ))}
          </ul>
        )}
      </fieldset>
      <div className="span-2 form-actions">
        <ErrorMessage error={save.error} />
        {save.isSuccess && <Notice tone="success">{t('common.saved')}</Notice>}
        <button type="submit" className="button button-primary" disabled={save.isPending}>
          {save.isPending ? t('common.saving') : t('common.save')}
        </button>
      </div>
    </form>
  );
}
