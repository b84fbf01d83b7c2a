import { Link } from '@tanstack/react-router';
import { ChevronLeft, ChevronRight } from 'lucide-react';
import { type DragEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CalendarItem } from '../../../shared/api/social';
import { channels } from '../../../shared/social/count';
import { ErrorMessage } from '../../components/ui';
import { addDays, dayKey, germanHolidays, startOfWeek } from './dates';
import { socialApi, useCalendar, useSocialMutation } from './queries';

type Mode = 'week' | 'month';

/**
 * Items the desk can move: scheduled channel posts and planned stories (articles are moved in their
 * editor; `context` entries from other modules — company events — are shown, never moved).
 */
const movable = (item: CalendarItem) =>
  (item.kind === 'post' && item.state === 'scheduled') || item.kind === 'story';

/** The same time of day on another day. */
function onDay(iso: string, day: string): string {
  const source = new Date(iso);
  const [year, month, date] = day.split('-').map(Number);
  const moved = new Date(source);
  moved.setFullYear(year, month - 1, date);
  return moved.toISOString();
}

/**
 * The editorial calendar: a week or a month of channel posts, company news and planned stories,
 * with German public holidays as context. Drag an item to another day, or use "move to date".
 */
export function CalendarView() {
  const { t, i18n } = useTranslation();
  const [mode, setMode] = useState<Mode>('week');
  const [anchor, setAnchor] = useState(() => new Date());
  const [channel, setChannel] = useState('');
  const [campaign, setCampaign] = useState('');
  const [moving, setMoving] = useState<string | null>(null);
  const [target, setTarget] = useState('');
  const first =
    mode === 'week' ? startOfWeek(anchor) : startOfWeek(new Date(anchor.getFullYear(), anchor.getMonth(), 1));
  const dayCount =
    mode === 'week'
      ? 7
      : Math.ceil(
          ((new Date(anchor.getFullYear(), anchor.getMonth() + 1, 0).getTime() - first.getTime()) /
            86_400_000 +
            1) /
            7,
        ) * 7;
  const days = Array.from({ length: dayCount }, (_, index) => addDays(first, index));
  const from = first.toISOString();
  const to = addDays(first, dayCount).toISOString();
  const calendar = useCalendar(from, to);
  const move = useSocialMutation(
    ({ item, day }: { item: CalendarItem; day: string }): Promise<unknown> =>
      item.kind === 'post'
        ? socialApi.updatePost(item.id, { scheduledAt: onDay(item.at, day) })
        : socialApi.updateStory(item.id, { plannedFor: onDay(item.at, day) }),
  );
  const holidays = new Map([
    ...germanHolidays(first.getFullYear()),
    ...germanHolidays(first.getFullYear() + 1),
  ]);
  const items = (calendar.data?.items ?? []).filter(
    (item) =>
      (!channel || item.channel === channel) &&
      (!campaign || (item.campaign ?? '').toLowerCase().includes(campaign.toLowerCase())),
  );
  const byDay = new Map<string, CalendarItem[]>();
  for (const item of items) {
    const key = dayKey(new Date(item.at));
    byDay.set(key, [...(byDay.get(key) ?? []), item]);
  }
  // Items are told apart by source: another module's entries (`context`) may reuse ids.
  const keyOf = (item: CalendarItem) => `${item.source}:${item.kind}:${item.id}`;
  const onDrop = (event: DragEvent, day: string) => {
    event.preventDefault();
    const key = event.dataTransfer.getData('text/plain');
    const item = items.find((candidate) => keyOf(candidate) === key);
    if (item && dayKey(new Date(item.at)) !== day) move.mutate({ item, day });
  };
  const step = (direction: number) =>
    setAnchor((current) =>
      mode === 'week'
        ? addDays(current, 7 * direction)
        : new Date(current.getFullYear(), current.getMonth() + direction, 1),
    );
  const title =
    mode === 'week'
      ? `${days[0].toLocaleDateString(i18n.language)} – ${days[6].toLocaleDateString(i18n.language)}`
      : anchor.toLocaleDateString(i18n.language, { month: 'long', year: 'numeric' });

  return (
    <section className="social-calendar">
      <div className="social-calendar-bar">
        <button
          type="button"
          className="icon-button"
          onClick={() => step(-1)}
          aria-label={t('social.previous')}
        >
          <ChevronLeft size={20} aria-hidden="true" />
        </button>
        <h2>{title}</h2>
        <button type="button" className="icon-button" onClick={() => step(1)} aria-label={t('social.next')}>
          <ChevronRight size={20} aria-hidden="true" />
        </button>
        <div className="tabs" role="tablist" aria-label={t('social.view')}>
          {(['week', 'month'] as const).map((value) => (
            <button
              key={value}
              type="button"
              role="tab"
              aria-selected={mode === value}
              onClick={() => setMode(value)}
            >
              {t(`social.${value}`)}
            </button>
          ))}
        </div>
        <label htmlFor="calendar-channel" className="visually-hidden">
          {t('social.channel')}
        </label>
        <select id="calendar-channel" value={channel} onChange={(event) => setChannel(event.target.value)}>
          <option value="">{t('social.allChannels')}</option>
          {channels.map((value) => (
            <option key={value} value={value}>
              {t(`social.channels.${value}`)}
            </option>
          ))}
        </select>
        <label htmlFor="calendar-campaign" className="visually-hidden">
          {t('social.campaign')}
        </label>
        <input
          id="calendar-campaign"
          placeholder={t('social.campaign')}
          value={campaign}
          onChange={(event) => setCampaign(event.target.value)}
        />
      </div>
      <ErrorMessage error={calendar.error ?? move.error} />
      <ol className={`social-days social-days-${mode}`}>
        {days.map((day) => {
          const key = dayKey(day);
          const holiday = holidays.get(key);
          const outside = mode === 'month' && day.getMonth() !== anchor.getMonth();
          return (
            <li
              key={key}
              className={`social-day${outside ? ' social-day-outside' : ''}${holiday ? ' social-day-holiday' : ''}`}
              onDragOver={(event) => event.preventDefault()}
              onDrop={(event) => onDrop(event, key)}
              data-day={key}
            >
              <p className="social-day-head">
                <span>
                  {day.toLocaleDateString(i18n.language, {
                    weekday: 'short',
                    day: 'numeric',
                    month: 'numeric',
                  })}
                </span>
                {holiday && <span className="social-holiday">{t(`social.holidays.${holiday}`)}</span>}
              </p>
              <ul>
                {(byDay.get(key) ?? []).map((item) => (
                  <li
                    key={keyOf(item)}
                    className={`social-item social-item-${item.kind}`}
                    draggable={movable(item)}
                    onDragStart={(event) => event.dataTransfer.setData('text/plain', keyOf(item))}
                  >
                    <span className="social-item-kind">
                      {item.channel ? t(`social.channels.${item.channel}`) : t(`social.kinds.${item.kind}`)}
                    </span>{' '}
                    {item.url ? <Link to={item.url}>{item.title}</Link> : <span>{item.title}</span>}{' '}
                    <span className="muted">
                      {new Date(item.at).toLocaleTimeString(i18n.language, {
                        hour: '2-digit',
                        minute: '2-digit',
                      })}
                    </span>
                    {movable(item) &&
                      (moving === keyOf(item) ? (
                        <form
                          className="inline-form"
                          onSubmit={(event) => {
                            event.preventDefault();
                            if (target && !move.isPending)
                              move.mutate({ item, day: target }, { onSuccess: () => setMoving(null) });
                          }}
                        >
                          <label htmlFor={`move-${keyOf(item)}`} className="visually-hidden">
                            {t('social.moveTo')}
                          </label>
                          <input
                            id={`move-${keyOf(item)}`}
                            type="date"
                            value={target}
                            onChange={(event) => setTarget(event.target.value)}
                          />
                          <button type="submit" className="button" disabled={move.isPending}>
                            {t('social.move')}
                          </button>
                        </form>
                      ) : (
                        <button
                          type="button"
                          className="link-button"
                          onClick={() => {
                            setMoving(keyOf(item));
                            setTarget(key);
                          }}
                        >
                          {t('social.moveTo')}
                        </button>
                      ))}
                  </li>
                ))}
              </ul>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
