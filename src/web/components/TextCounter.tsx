import { useTranslation } from 'react-i18next';
import { COUNTER_THRESHOLD } from '../../shared/limits';
import './TextCounter.css';

export const isTooLong = (text: string, limit: number | undefined) =>
  limit !== undefined && text.length > limit;

/** Whether the counter shows (so fields point `aria-describedby` at it only then). */
export const counterShows = (text: string, limit: number | undefined) =>
  limit !== undefined && text.length >= limit * COUNTER_THRESHOLD;

/**
 * How much text is left, shown from 80 % of the limit on; past the limit it says by how much and
 * (once, for screen readers) what to do. Counts like the server does (UTF-16 code units).
 */
export function TextCounter({ value, limit, id }: { value: string; limit: number; id?: string }) {
  const { t, i18n } = useTranslation();
  const length = value.length;
  if (!counterShows(value, limit)) return null;
  const number = new Intl.NumberFormat(i18n.language);
  const over = length > limit;
  return (
    <span className={`text-counter${over ? ' text-counter-over' : ''}`} id={id}>
      {over
        ? t('writing.tooMany', { over: number.format(length - limit), limit: number.format(limit) })
        : t('writing.charactersLeft', { left: number.format(limit - length), limit: number.format(limit) })}
      {over && (
        <span className="visually-hidden" role="alert">
          {t('writing.tooLong', { limit: number.format(limit) })}
        </span>
      )}
    </span>
  );
}
