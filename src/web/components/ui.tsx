import { type ReactNode, useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldErrorDetail } from '../../shared/api/errors';
import { ApiError } from '../lib/api-error';
import { counterShows, TextCounter } from './TextCounter';
import './field.css';

/** A labelled form field; the error (if any) is announced and tied to the input. */
export function Field(props: {
  label: string;
  name: string;
  type?: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  hint?: string;
  required?: boolean;
  autoComplete?: string;
  multiline?: boolean;
  /** Longer text is not cut off: a counter appears near the limit and says when it is passed. */
  maxLength?: number;
  placeholder?: string;
}) {
  const id = useId();
  const describedBy =
    [
      props.error ? `${id}-error` : '',
      props.hint ? `${id}-hint` : '',
      counterShows(props.value, props.maxLength) ? `${id}-count` : '',
    ]
      .filter(Boolean)
      .join(' ') || undefined;
  const common = {
    id,
    name: props.name,
    value: props.value,
    required: props.required,
    placeholder: props.placeholder,
    'aria-invalid': props.error ? true : undefined,
    'aria-describedby': describedBy,
  };
  return (
    <div className="field">
      <label htmlFor={id}>
        {props.label}
        {props.required && <span aria-hidden="true"> *</span>}
      </label>
      {props.multiline ? (
        <textarea {...common} rows={4} onChange={(event) => props.onChange(event.target.value)} />
      ) : (
        <input
          {...common}
          type={props.type ?? 'text'}
          autoComplete={props.autoComplete}
          onChange={(event) => props.onChange(event.target.value)}
        />
      )}
      {props.maxLength !== undefined && (
        <TextCounter value={props.value} limit={props.maxLength} id={`${id}-count`} />
      )}
      {props.hint && (
        <p className="field-hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.error && (
        <p className="field-error" id={`${id}-error`}>
          {props.error}
        </p>
      )}
    </div>
  );
}

/** A labelled checkbox. */
export function Checkbox(props: { label: string; checked: boolean; onChange: (checked: boolean) => void }) {
  const id = useId();
  return (
    <label className="checkbox" htmlFor={id}>
      <input
        id={id}
        type="checkbox"
        checked={props.checked}
        onChange={(event) => props.onChange(event.target.checked)}
      />
      {props.label}
    </label>
  );
}

/** The field problems of a `validation_failed` answer; other answers' details are not about fields. */
export function fieldDetails(error: unknown): FieldErrorDetail[] {
  if (!(error instanceof ApiError) || !Array.isArray(error.details)) return [];
  return error.details.filter(
    (detail): detail is FieldErrorDetail =>
      typeof detail === 'object' && detail !== null && typeof (detail as FieldErrorDetail).path === 'string',
  );
}

/**
 * Field errors from a 400 response, keyed by field name (and by full path, e.g. `mustRead.deadline`),
 * saying what is wrong in the UI language. Given the form's current values, a field's error
 * disappears as soon as its value differs from the one that was refused.
 */
export function useFieldErrors(error: unknown, current?: object): Record<string, string> {
  const values = current as Record<string, unknown> | undefined;
  const { t } = useTranslation();
  const refused = useRef<{ error: unknown; values: Record<string, unknown> }>({
    error: undefined,
    values: {},
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: the snapshot is taken when a new error arrives.
  useEffect(() => {
    refused.current = { error, values: { ...values } };
  }, [error]);
  const snapshot = refused.current.error === error ? refused.current.values : values;
  const result: Record<string, string> = {};
  for (const detail of fieldDetails(error)) {
    const field = detail.path.split('.')[0];
    if (!field) continue;
    if (values && snapshot && field in values && snapshot[field] !== values[field]) continue;
    const text = t(`fieldErrors.${detail.kind ?? 'invalid'}`, { count: detail.limit ?? 0 });
    if (!result[field]) result[field] = text;
    if (!result[detail.path]) result[detail.path] = text;
  }
  return result;
}

/** What went wrong and what to do, in the UI language; falls back to the server's message. */
export function ErrorMessage({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  const code = error instanceof ApiError ? error.code : 'unknown';
  const fallback = error instanceof ApiError ? error.message : t('errors.unknown');
  return (
    <div className="alert alert-error" role="alert">
      {t(`errors.${code}`, { defaultValue: fallback })}
    </div>
  );
}

export function Notice({ children, tone = 'info' }: { children: ReactNode; tone?: 'info' | 'success' }) {
  return (
    <div className={`alert alert-${tone}`} role="status">
      {children}
    </div>
  );
}

export function Skeleton({ lines = 3 }: { lines?: number }) {
  const { t } = useTranslation();
  return (
    <div className="skeleton" role="status" aria-busy="true" aria-label={t('common.loading')}>
      {Array.from({ length: lines }, (_, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholder rows have no identity.
        <div key={index} className="skeleton-line" style={{ width: `${90 - index * 12}%` }} />
      ))}
    </div>
  );
}

/** A whole page while its data loads, or when loading failed: the layout stays, the error is said plainly. */
export function PageLoading({ error }: { error?: unknown }) {
  return <div className="page">{error ? <ErrorMessage error={error} /> : <Skeleton lines={8} />}</div>;
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty-state">
      <p className="empty-title">{title}</p>
      {children}
    </div>
  );
}

/** "1. Dezember 2026" (and "um 09:42" with the time) in the UI language: for dates that are facts, not news. */
export function formatDate(iso: string, language: string, withTime = false): string {
  return new Intl.DateTimeFormat(language, {
    dateStyle: 'long',
    ...(withTime ? { timeStyle: 'short' } : {}),
  }).format(new Date(iso));
}

/** "vor 5 Minuten" / "5 minutes ago", with the full date on hover. */
export function RelativeTime({ iso }: { iso: string }) {
  const { i18n } = useTranslation();
  const date = new Date(iso);
  const seconds = Math.round((date.getTime() - Date.now()) / 1000);
  const format = new Intl.RelativeTimeFormat(i18n.language, { numeric: 'auto' });
  const units: Array<[Intl.RelativeTimeFormatUnit, number]> = [
    ['year', 31_536_000],
    ['month', 2_592_000],
    ['week', 604_800],
    ['day', 86_400],
    ['hour', 3_600],
    ['minute', 60],
  ];
  const [unit, size] = units.find(([, length]) => Math.abs(seconds) >= length) ?? ['second', 1];
  const full = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'full', timeStyle: 'short' }).format(date);
  return (
    <time dateTime={iso} title={full}>
      {format.format(Math.round(seconds / size), unit)}
    </time>
  );
}
