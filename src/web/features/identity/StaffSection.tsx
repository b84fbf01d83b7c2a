import { useMutation } from '@tanstack/react-query';
import { Printer } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StaffMember } from '../../../shared/api/identity';
import { ErrorMessage, Field, useFieldErrors } from '../../components/ui';
import { api } from '../../lib/api';
import './identity.css';

const empty = { name: '', personnelNumber: '', department: '', title: '', location: '' };

/**
 * People without company e-mail: an admin creates them (personnel number optional) and prints
 * access codes — a page per person with a QR code — from which they set their own password.
 */
export function StaffSection() {
  const { t } = useTranslation();
  const [form, setForm] = useState(empty);
  const [created, setCreated] = useState<StaffMember[]>([]);
  const [chosen, setChosen] = useState<number[]>([]);
  const create = useMutation({
    mutationFn: () => {
      const body = Object.fromEntries(Object.entries(form).filter(([, value]) => value.trim() !== ''));
      return api<StaffMember>('POST', '/api/v1/admin/people', body);
    },
    onSuccess: (person) => {
      setCreated((list) => [person, ...list]);
      setChosen((ids) => [...ids, person.id]);
      setForm(empty);
    },
  });
  const errors = useFieldErrors(create.error);
  const set = (key: keyof typeof empty) => (value: string) =>
    setForm((current) => ({ ...current, [key]: value }));

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate();
  }

  return (
    <section className="card" aria-labelledby="admin-staff">
      <h2 id="admin-staff">{t('identity.staffTitle')}</h2>
      <p>{t('identity.staffIntro')}</p>
      <form onSubmit={submit} className="form-narrow" noValidate>
        <Field
          label={t('fields.name')}
          name="name"
          value={form.name}
          onChange={set('name')}
          required
          error={errors.name}
        />
        <Field
          label={t('identity.personnelNumber')}
          name="personnelNumber"
          value={form.personnelNumber}
          onChange={set('personnelNumber')}
          error={errors.personnelNumber}
          hint={t('identity.personnelNumberHint')}
        />
        <Field
          label={t('fields.department')}
          name="department"
          value={form.department}
          onChange={set('department')}
        />
        <Field label={t('fields.title')} name="title" value={form.title} onChange={set('title')} />
        <Field
          label={t('fields.location')}
          name="location"
          value={form.location}
          onChange={set('location')}
        />
        <ErrorMessage error={create.error} />
        <button
          type="submit"
          className="button button-primary"
          disabled={create.isPending || !form.name.trim()}
        >
          {t('identity.staffCreate')}
        </button>
      </form>
      {created.length > 0 && (
        <fieldset className="identity-fieldset staff-created">
          <legend>{t('identity.staffCreated')}</legend>
          {created.map((person) => (
            <label key={person.id} className="checkbox">
              <input
                type="checkbox"
                checked={chosen.includes(person.id)}
                onChange={(event) =>
                  setChosen((ids) =>
                    event.target.checked ? [...ids, person.id] : ids.filter((id) => id !== person.id),
                  )
                }
              />
              {person.name}
              {person.personnelNumber ? ` (${person.personnelNumber})` : ''}
            </label>
          ))}
          {chosen.length > 0 && (
            <a
              className="button button-primary sso-button"
              href={`/api/v1/admin/access-codes/sheet?userIds=${chosen.join(',')}`}
              target="_blank"
              rel="noopener"
            >
              <Printer size={18} aria-hidden="true" />
              {t('identity.printCodes', { count: chosen.length })}
            </a>
          )}
          <p className="field-hint">{t('identity.printCodesHint')}</p>
        </fieldset>
      )}
    </section>
  );
}
