import { type QueryKey, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage, Field, Notice, Skeleton, useFieldErrors } from '../../components/ui';
import { identityApi, identityKeys } from './queries';

/*
 * The scaffolding the single sign-on and directory settings share: load them into a card, keep an
 * editable copy, save it (the answer replaces the cached settings; the secret field — shown never,
 * only replaced — empties), and say whether saving worked.
 */

/** A settings card: a skeleton while loading, the form once the settings are there, or the error. */
export function SettingsCard<T>({
  id,
  title,
  queryKey,
  load,
  children,
}: {
  id: string;
  title: string;
  queryKey: QueryKey;
  load: () => Promise<T>;
  children: (settings: T) => ReactNode;
}) {
  const settings = useQuery({ queryKey, queryFn: load });
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {settings.data ? children(settings.data) : <Skeleton lines={4} />}
      <ErrorMessage error={settings.error} />
    </section>
  );
}

/** The editable copy of loaded settings and saving it. */
export function useSettingsForm<T, F extends object>(options: {
  initial: F;
  queryKey: QueryKey;
  /** The field holding a secret typed anew (emptied after saving; sent only when filled). */
  secretField: keyof F;
  save: (form: F) => Promise<T>;
  onSaved?: (saved: T) => void;
}) {
  const queryClient = useQueryClient();
  const [form, setForm] = useState(options.initial);
  const save = useMutation({
    mutationFn: () => options.save(form),
    onSuccess: (saved) => {
      queryClient.setQueryData(options.queryKey, saved);
      setForm((current) => ({ ...current, [options.secretField]: '' }));
      options.onSaved?.(saved);
    },
  });
  const errors = useFieldErrors(save.error);
  const set = <K extends keyof F>(key: K, value: F[K]) =>
    setForm((current) => ({ ...current, [key]: value }));
  const submit = (busy: boolean) => (event: FormEvent) => {
    event.preventDefault();
    if (!busy) save.mutate();
  };
  /** A text field's binding to its key of the form: `<Field label={…} {...field('url')} />`. */
  const field = <K extends TextKeys<F>>(key: K) => ({
    name: key,
    value: form[key] as string,
    onChange: (value: string) => set(key, value as F[K]),
    error: errors[key],
  });
  /** A checkbox's binding to its key of the form: `<Checkbox label={…} {...toggle('enabled')} />`. */
  const toggle = <K extends FlagKeys<F>>(key: K) => ({
    checked: form[key] as boolean,
    onChange: (checked: boolean) => set(key, checked as F[K]),
  });
  return { form, set, save, errors, submit, field, toggle };
}

/** Keys holding any string (not a union of literals such as `source`, which a text field would widen). */
type TextKeys<F> = {
  [K in keyof F]: string extends F[K] ? (F[K] extends string ? K : never) : never;
}[keyof F] &
  string;
type FlagKeys<F> = {
  [K in keyof F]: boolean extends F[K] ? (F[K] extends boolean ? K : never) : never;
}[keyof F];

/** What saving said, under the form. */
export function SaveOutcome({ save }: { save: { error: unknown; isSuccess: boolean } }) {
  const { t } = useTranslation();
  return (
    <>
      <ErrorMessage error={save.error} />
      {save.isSuccess && <Notice tone="success">{t('identity.saved')}</Notice>}
    </>
  );
}

export interface GroupMapping {
  group: string;
  spaceId: number;
}

/** Rows of "this group → that space", edited in place, with a button for one more. */
export function GroupMappings({
  idPrefix,
  mappings,
  onChange,
}: {
  idPrefix: string;
  mappings: GroupMapping[];
  onChange: (mappings: GroupMapping[]) => void;
}) {
  const { t } = useTranslation();
  const spaces = useQuery({ queryKey: identityKeys.spacesForMapping, queryFn: identityApi.spacesForMapping });
  const change = (index: number, row: Partial<GroupMapping>) =>
    onChange(mappings.map((mapping, i) => (i === index ? { ...mapping, ...row } : mapping)));
  return (
    <>
      {mappings.map((mapping, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place and have no identity yet.
        <div className="identity-mapping-row" key={index}>
          <Field
            label={t('identity.group')}
            name={`${idPrefix}group-${index}`}
            value={mapping.group}
            onChange={(group) => change(index, { group })}
          />
          <div className="field">
            <label htmlFor={`${idPrefix}mapping-space-${index}`}>{t('identity.space')}</label>
            <select
              id={`${idPrefix}mapping-space-${index}`}
              value={mapping.spaceId}
              onChange={(event) => change(index, { spaceId: Number(event.target.value) })}
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
            onClick={() => onChange(mappings.filter((_, i) => i !== index))}
          >
            {t('identity.removeMapping')}
          </button>
        </div>
      ))}
      <button
        type="button"
        className="button"
        onClick={() => onChange([...mappings, { group: '', spaceId: 0 }])}
      >
        {t('identity.addMapping')}
      </button>
    </>
  );
}

/** Only filled-in rows are saved. */
export const completeMappings = (mappings: GroupMapping[]) =>
  mappings.filter((mapping) => mapping.group.trim() && mapping.spaceId);
