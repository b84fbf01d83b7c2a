import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Printer } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StaffMember } from '../../../shared/api/identity';
import { ErrorMessage, Field, useFieldErrors } from '../../components/ui';
import './identity.css';
import { identityApi, identityKeys } from './queries';

const empty = { name: '', personnelNumber: '', department: '', title: '', location: '' };

/**
 * People without company e-mail: an admin — or a team lead with the right, whose new colleagues
 * report to them — creates them (personnel number optional) and prints access codes — a page per
 * person with a QR code — from which they set their own password.
 */
export function StaffSection({ lead = false }: { lead?: boolean }) {
  const { t } = useTranslation();
  const [form, setForm] = useState(empty);
  const [created, setCreated] = useState<StaffMember[]>([]);
  const queryClient = useQueryClient();
  const create = useMutation({
    mutationFn: () =>
      identityApi.createPerson(
        Object.fromEntries(Object.entries(form).filter(([, value]) => value.trim() !== '')) as {
          name: string;
        },
      ),
    onSuccess: (person) => {
      setCreated((list) => [person, ...list]);
      setForm(empty);
      // A team lead's list of their team for codes now holds the new colleague too.
      return queryClient.invalidateQueries({ queryKey: identityKeys.staffTeam });
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
      <h2 id="admin-staff">{t(lead ? 'identity.staffLeadCreateTitle' : 'identity.staffTitle')}</h2>
      <p>{t(lead ? 'identity.staffLeadIntro' : 'identity.staffIntro')}</p>
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
        <PrintCodes legend={t('identity.staffCreated')} people={created} initiallyChosen={created} />
      )}
    </section>
  );
}

/**
 * People with a checkbox each (the newly created ones ticked), and the link that opens the
 * printable sheet with new access codes for the ticked ones.
 */
export function PrintCodes({
  legend,
  people,
  initiallyChosen = [],
}: {
  legend: string;
  people: { id: number; name: string; personnelNumber: string | null }[];
  initiallyChosen?: { id: number }[];
}) {
  const { t } = useTranslation();
  const [unticked, setUnticked] = useState<number[]>([]);
  const [ticked, setTicked] = useState<number[]>([]);
  const preset = new Set(initiallyChosen.map((person) => person.id));
  const isChosen = (id: number) => (preset.has(id) ? !unticked.includes(id) : ticked.includes(id));
  const chosen = people.filter((person) => isChosen(person.id)).map((person) => person.id);
  const toggle = (id: number, on: boolean) => {
    const list = preset.has(id) ? setUnticked : setTicked;
    const add = preset.has(id) ? !on : on;
    list((ids) => (add ? [...ids, id] : ids.filter((other) => other !== id)));
  };
  return (
    <fieldset className="identity-fieldset staff-created">
      <legend>{legend}</legend>
      {people.map((person) => (
        <label key={person.id} className="checkbox">
          <input
            type="checkbox"
            checked={isChosen(person.id)}
            onChange={(event) => toggle(person.id, event.target.checked)}
          />
          {person.name}
          {person.personnelNumber ? ` (${person.personnelNumber})` : ''}
        </label>
      ))}
      {chosen.length > 0 && (
        <a
          className="button button-primary sso-button"
          href={identityApi.accessCodeSheetUrl(chosen)}
          target="_blank"
          rel="noopener"
        >
          <Printer size={18} aria-hidden="true" />
          {t('identity.printCodes', { count: chosen.length })}
        </a>
      )}
      <p className="field-hint">{t('identity.printCodesHint')}</p>
    </fieldset>
  );
}
