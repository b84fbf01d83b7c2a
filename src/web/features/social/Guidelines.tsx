import { Link } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Avatar } from '../../components/Avatar';
import { ErrorMessage, formatDate, Notice, PageLoading, Skeleton } from '../../components/ui';
import { socialApi, useGuidelines, useGuidelinesReport, useSocialMutation } from './queries';
import './social.css';

/**
 * The social-media guidelines, a must-read for everyone with the social-media right: read and
 * confirm ("Gelesen und verstanden"); a new version asks again. Publishing waits for it.
 */
export function GuidelinesPage() {
  const { t, i18n } = useTranslation();
  const guidelines = useGuidelines();
  const confirm = useSocialMutation((version: number) => socialApi.confirmGuidelines(version));
  if (!guidelines.data) return <PageLoading error={guidelines.error} />;
  const { guidelines: current, confirmedAt } = guidelines.data;
  return (
    <div className="page social-page">
      <p>
        <Link to="/social">{t('social.backToDesk')}</Link>
      </p>
      {!current ? (
        <>
          <h1 className="page-title">{t('social.guidelines.title')}</h1>
          <p className="muted">{t('social.guidelines.none')}</p>
        </>
      ) : (
        <article className="card social-guidelines">
          <h1 className="page-title">{current.title}</h1>
          <p className="muted">
            {t('social.guidelines.version', {
              date: formatDate(current.createdAt, i18n.language),
              name: current.author?.name ?? '—',
            })}
          </p>
          <div className="social-body">{current.body}</div>
          {confirmedAt ? (
            <Notice tone="success">
              {t('social.guidelines.confirmedAt', { date: formatDate(confirmedAt, i18n.language, true) })}
            </Notice>
          ) : (
            <div className="form-actions">
              <ErrorMessage error={confirm.error} />
              <button
                type="button"
                className="button button-primary"
                disabled={confirm.isPending}
                onClick={() => confirm.mutate(current.id)}
              >
                {t('social.guidelines.confirm')}
              </button>
            </div>
          )}
        </article>
      )}
    </div>
  );
}

/** The desk's tab: who with the right has not confirmed, and writing a new version. */
export function GuidelinesDesk() {
  const { t } = useTranslation();
  const guidelines = useGuidelines();
  const report = useGuidelinesReport();
  const current = guidelines.data?.guidelines;
  return (
    <section className="social-guidelines-desk">
      <div className="card">
        <h2>{t('social.guidelines.confirmations')}</h2>
        {report.isPending ? (
          <Skeleton lines={2} />
        ) : !report.data?.version ? (
          <p className="muted">{t('social.guidelines.none')}</p>
        ) : (
          <>
            <p>
              {t('social.guidelines.confirmedCount', {
                count: report.data.confirmedCount,
                total: report.data.deskCount,
              })}{' '}
              <Link to="/social/guidelines">{t('social.guidelines.read')}</Link>
            </p>
            {report.data.notConfirmed.length > 0 && (
              <>
                <h3>{t('social.guidelines.notConfirmed')}</h3>
                <ul className="social-people">
                  {report.data.notConfirmed.map((person) => (
                    <li key={person.id}>
                      <Avatar person={person} size={28} /> {person.name}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </>
        )}
        <ErrorMessage error={report.error} />
      </div>
      {guidelines.data && (
        <GuidelinesEditor key={current?.id ?? 0} title={current?.title} body={current?.body} />
      )}
    </section>
  );
}

function GuidelinesEditor(props: { title?: string; body?: string }) {
  const { t } = useTranslation();
  const [title, setTitle] = useState(props.title ?? t('social.guidelines.defaultTitle'));
  const [body, setBody] = useState(props.body ?? '');
  const save = useSocialMutation(() => socialApi.saveGuidelines({ title, body }));
  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!save.isPending) save.mutate(undefined);
  }
  return (
    <form className="card form" onSubmit={onSubmit}>
      <h2>{props.body ? t('social.guidelines.edit') : t('social.guidelines.write')}</h2>
      <div className="field">
        <label htmlFor="guidelines-title">{t('social.guidelines.titleLabel')}</label>
        <input id="guidelines-title" value={title} onChange={(event) => setTitle(event.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="guidelines-body">{t('social.guidelines.bodyLabel')}</label>
        <textarea
          id="guidelines-body"
          rows={10}
          value={body}
          onChange={(event) => setBody(event.target.value)}
        />
        <p className="field-hint">{t('social.guidelines.newVersionHint')}</p>
      </div>
      <ErrorMessage error={save.error} />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={save.isPending || !body.trim()}>
          {t('social.guidelines.save')}
        </button>
      </div>
    </form>
  );
}
