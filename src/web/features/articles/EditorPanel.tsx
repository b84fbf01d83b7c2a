import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Article } from '../../../shared/api/articles';
import { Avatar } from '../../components/Avatar';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorMessage, formatDate, RelativeTime } from '../../components/ui';
import { queryKeys } from '../../lib/queries';
import { articleKeys, articlesApi } from './queries';
import '../stream/stream.css';
import './articles.css';

/** For the article's editors: who still has to confirm a must-read (only then), one reminder, earlier versions. */
export function EditorPanel({ article }: { article: Article }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [confirmingReminder, setConfirmingReminder] = useState(false);
  const report = useQuery({
    queryKey: articleKeys.confirmations(article.id),
    queryFn: () => articlesApi.confirmations(article.id),
    enabled: article.permissions.viewConfirmations && article.state === 'published',
  });
  const revisions = useQuery({
    queryKey: articleKeys.revisions(article.id),
    queryFn: () => articlesApi.revisions(article.id),
  });
  const remind = useMutation({
    mutationFn: () => articlesApi.remind(article.id),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: articleKeys.confirmations(article.id) }),
  });
  const data = report.data;
  const navigate = useNavigate();
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: articleKeys.all });
    void queryClient.invalidateQueries({ queryKey: queryKeys.feeds });
  };
  const changeState = useMutation({
    mutationFn: (state: 'draft' | 'published' | 'archived') => articlesApi.update(article.id, { state }),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: () => articlesApi.remove(article.id),
    onSuccess: () => {
      refresh();
      void navigate({ to: '/articles' });
    },
  });

  return (
    <>
      <section className="card" aria-labelledby="article-actions-title">
        <h2 id="article-actions-title">{t(`articles.stateOne.${article.state}`)}</h2>
        <div className="form-actions">
          {article.state === 'published' && (
            <button type="button" className="button" onClick={() => changeState.mutate('archived')}>
              {t('articles.archive')}
            </button>
          )}
          {article.state === 'archived' && (
            <button type="button" className="button" onClick={() => changeState.mutate('published')}>
              {t('articles.restore')}
            </button>
          )}
          {article.state === 'scheduled' && (
            <button type="button" className="button" onClick={() => changeState.mutate('draft')}>
              {t('articles.unschedule')}
            </button>
          )}
          <button
            type="button"
            className="button button-danger"
            onClick={() => {
              if (window.confirm(t('articles.confirmDelete'))) remove.mutate();
            }}
          >
            {t('stream.delete')}
          </button>
        </div>
        <ErrorMessage error={changeState.error ?? remove.error} />
      </section>
      {data?.mustRead && (
        <section className="card" aria-labelledby="confirmations-title">
          <h2 id="confirmations-title">{t('articles.confirmations')}</h2>
          <p className="confirmation-rate">
            <strong>{Math.round(data.rate * 100)} %</strong>{' '}
            {t('articles.confirmedOf', { confirmed: data.confirmedCount, audience: data.audienceCount })}
          </p>
          <progress
            value={data.confirmedCount}
            max={Math.max(data.audienceCount, 1)}
            aria-label={t('articles.confirmations')}
          />
          {data.notConfirmed.length > 0 && (
            <details>
              <summary>{t('articles.notConfirmed', { count: data.notConfirmed.length })}</summary>
              <ul className="row-list compact">
                {data.notConfirmed.map((person) => (
                  <li key={person.id}>
                    <Avatar person={person} size={24} /> {person.name}
                  </li>
                ))}
              </ul>
            </details>
          )}
          {data.reminderSentAt ? (
            <p className="muted">
              {t('articleEditor.reminderSentOn', {
                date: formatDate(data.reminderSentAt, i18n.language, true),
              })}
            </p>
          ) : (
            data.notConfirmed.length > 0 && (
              <button
                type="button"
                className="button"
                onClick={() => setConfirmingReminder(true)}
                disabled={remind.isPending}
              >
                {t('articles.remind')}
              </button>
            )
          )}
          {remind.data && <p role="status">{t('articles.reminded', { count: remind.data.reminded })}</p>}
          {confirmingReminder && (
            <ConfirmDialog
              title={t('articleEditor.remindTitle', { count: data.notConfirmed.length })}
              text={t('articleEditor.remindText', { count: data.notConfirmed.length })}
              confirmLabel={t('articleEditor.remindConfirm', { count: data.notConfirmed.length })}
              pending={remind.isPending}
              onConfirm={() => remind.mutate(undefined, { onSettled: () => setConfirmingReminder(false) })}
              onCancel={() => setConfirmingReminder(false)}
            />
          )}
          <ErrorMessage error={remind.error ?? report.error} />
        </section>
      )}
      {(revisions.data?.items.length ?? 0) > 0 && (
        <section className="card" aria-labelledby="revisions-title">
          <h2 id="revisions-title">{t('articles.revisions')}</h2>
          <ul className="row-list compact">
            {revisions.data?.items.map((revision) => (
              <li key={revision.id}>
                <details className="revision">
                  <summary>
                    {revision.title}
                    <br />
                    <small className="muted">
                      {t('articles.replacedBy', {
                        name: revision.editor?.name ?? t('notifications.someone'),
                      })}{' '}
                      · <RelativeTime iso={revision.createdAt} />
                    </small>
                  </summary>
                  {revision.teaser && <p>{revision.teaser}</p>}
                  <pre className="revision-body">{revision.body}</pre>
                </details>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
