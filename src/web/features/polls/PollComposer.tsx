import { Link } from '@tanstack/react-router';
import { BarChart3, Plus, X } from 'lucide-react';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  MAX_POLL_OPTIONS,
  type PollPart,
  type ResultsVisibility,
  resultsVisibilities,
} from '../../../shared/api/polls';
import { toLocal } from '../../lib/localTime';
import './polls.css';

/**
 * Where the editor starts: a saved poll, or the value it handed the form before the page was
 * reloaded (the article editor keeps that with its draft; its options are plain texts).
 */
type PollStart = Omit<PollPart, 'options'> & { options: Array<{ text: string } | string> };

/**
 * "Umfrage hinzufügen" in the post composer and the article editor: options (2–10), single or
 * multiple choice, anonymous, an optional end and who sees the results. Hands the form the body's
 * `poll` field (undefined while no poll is added). `initial` is the poll being edited; `locked`
 * shows it without letting it change (people have voted).
 */
export function PollComposer({
  onChange,
  initial,
  locked = false,
}: {
  onChange: (value: unknown) => void;
  initial?: unknown;
  locked?: boolean;
}) {
  const { t } = useTranslation();
  const id = useId();
  const start = initial as PollStart | undefined;
  const [open, setOpen] = useState(start !== undefined);
  const startTexts = (start?.options ?? []).map((option) =>
    typeof option === 'string' ? option : option.text,
  );
  while (startTexts.length < 2) startTexts.push('');
  const nextKey = useRef(startTexts.length);
  const [options, setOptions] = useState(startTexts.map((text, key) => ({ key, text })));
  const [multiple, setMultiple] = useState(start?.multiple ?? false);
  const [anonymous, setAnonymous] = useState(start?.anonymous ?? false);
  const [closesAt, setClosesAt] = useState(toLocal(start?.closesAt));
  const [visibility, setVisibility] = useState<ResultsVisibility>(start?.resultsVisibility ?? 'always');

  useEffect(() => {
    onChange(
      open
        ? {
            options: options.map((o) => o.text.trim()).filter((o) => o !== ''),
            multiple,
            anonymous,
            closesAt: closesAt ? new Date(closesAt).toISOString() : null,
            resultsVisibility: visibility,
          }
        : undefined,
    );
  }, [open, options, multiple, anonymous, closesAt, visibility, onChange]);

  if (!open)
    return (
      <button type="button" className="button poll-add" onClick={() => setOpen(true)}>
        <BarChart3 size={16} aria-hidden="true" /> {t('polls.add')}
      </button>
    );
  return (
    <fieldset className="poll-composer" disabled={locked}>
      <legend>{t('polls.title')}</legend>
      {locked && <p className="field-hint">{t('polls.locked')}</p>}
      {options.map((option, index) => (
        <div className="poll-composer-option" key={option.key}>
          <label className="visually-hidden" htmlFor={`${id}-o${index}`}>
            {t('polls.option', { number: index + 1 })}
          </label>
          <input
            id={`${id}-o${index}`}
            className="input"
            value={option.text}
            maxLength={200}
            placeholder={t('polls.option', { number: index + 1 })}
            onChange={(event) =>
              setOptions(options.map((o, i) => (i === index ? { ...o, text: event.target.value } : o)))
            }
          />
          {options.length > 2 && (
            <button
              type="button"
              className="icon-button"
              aria-label={t('polls.removeOption', { number: index + 1 })}
              onClick={() => setOptions(options.filter((_, i) => i !== index))}
            >
              <X size={16} aria-hidden="true" />
            </button>
          )}
        </div>
      ))}
      {options.length < MAX_POLL_OPTIONS && (
        <button
          type="button"
          className="button"
          onClick={() => setOptions([...options, { key: nextKey.current++, text: '' }])}
        >
          <Plus size={16} aria-hidden="true" /> {t('polls.addOption')}
        </button>
      )}
      <label className="checkbox">
        <input type="checkbox" checked={multiple} onChange={(event) => setMultiple(event.target.checked)} />{' '}
        {t('polls.multiple')}
      </label>
      <label className="checkbox">
        <input type="checkbox" checked={anonymous} onChange={(event) => setAnonymous(event.target.checked)} />{' '}
        {t('polls.anonymousOption')}
      </label>
      {anonymous && <p className="field-hint">{t('polls.anonymousHint')}</p>}
      <p className="field-hint">
        <Link to="/transparency">{t('common.whatIsStored')}</Link>
      </p>
      <div className="poll-composer-row">
        <label htmlFor={`${id}-end`}>{t('polls.end')}</label>
        <input
          id={`${id}-end`}
          className="input"
          type="datetime-local"
          value={closesAt}
          onChange={(event) => setClosesAt(event.target.value)}
        />
      </div>
      <div className="poll-composer-row">
        <label htmlFor={`${id}-vis`}>{t('polls.visibility')}</label>
        <select
          id={`${id}-vis`}
          className="input"
          value={visibility}
          onChange={(event) => setVisibility(event.target.value as ResultsVisibility)}
        >
          {resultsVisibilities.map((value) => (
            <option key={value} value={value}>
              {t(`polls.visibilities.${value}`)}
            </option>
          ))}
        </select>
      </div>
      <button type="button" className="button" onClick={() => setOpen(false)}>
        {t('polls.remove')}
      </button>
    </fieldset>
  );
}
