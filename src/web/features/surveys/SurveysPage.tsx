import { Link } from '@tanstack/react-router';
import { CheckCircle2, ClipboardList, Lock, Plus } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import type { Survey } from '../../../shared/api/surveys';
import { EmptyState, ErrorMessage, formatDate, Skeleton } from '../../components/ui';
import { useSurveys } from './queries';
import './surveys.css';

export function SurveyStateBadge({ survey }: { survey: Survey }) {
  const { t } = useTranslation();
  if (survey.answered)
    return (
      <span className="badge survey-badge-answered">
        <CheckCircle2 size={12} aria-hidden="true" /> {t('surveys.answered')}
      </span>
    );
  return <span className={`badge survey-badge-${survey.state}`}>{t(`surveys.state.${survey.state}`)}</span>;
}

function SurveyCard({ survey }: { survey: Survey }) {
  const { t, i18n } = useTranslation();
  return (
    <li className="card survey-card">
      <p className="survey-card-flags">
        <SurveyStateBadge survey={survey} />
        {survey.anonymous && (
          <span className="badge">
            <Lock size={12} aria-hidden="true" /> {t('surveys.anonymous')}
          </span>
        )}
      </p>
      <h2 className="survey-card-title">
        <Link to="/surveys/$id" params={{ id: String(survey.id) }}>
          {survey.title}
        </Link>
      </h2>
      {survey.description && <p className="survey-card-description">{survey.description}</p>}
      <p className="muted">
        {t('surveys.questionCount', { count: survey.questions.length })}
        {survey.closesAt &&
          ` · ${t('surveys.closesOn', { date: formatDate(survey.closesAt, i18n.language, true) })}`}
        {survey.respondents !== null && ` · ${t('surveys.respondentCount', { count: survey.respondents })}`}
      </p>
      {survey.permissions.manage && (
        <p className="survey-card-actions">
          <Link to="/surveys/$id/results" params={{ id: String(survey.id) }} className="button">
            {t('surveys.results')}
          </Link>
          <Link to="/surveys/$id/edit" params={{ id: String(survey.id) }} className="button">
            {t('surveys.edit')}
          </Link>
        </p>
      )}
    </li>
  );
}

/** "Umfragen": what is open for me, what I answered, and the surveys I run. */
export function SurveysPage() {
  const { t } = useTranslation();
  const list = useSurveys();
  const items = list.data?.items ?? [];
  const open = items.filter((s) => s.permissions.answer);
  const rest = items.filter((s) => !s.permissions.answer);
  return (
    <div className="page surveys-page">
      <header className="survey-header">
        <h1 className="page-title">
          <ClipboardList size={22} aria-hidden="true" /> {t('surveys.title')}
        </h1>
        {list.data?.mayCreate && (
          <Link to="/surveys/new" className="button button-primary">
            <Plus size={16} aria-hidden="true" /> {t('surveys.new')}
          </Link>
        )}
      </header>
      <ErrorMessage error={list.error} />
      {list.isPending ? (
        <Skeleton lines={6} />
      ) : items.length === 0 ? (
        <EmptyState title={t('surveys.empty')}>
          <p>{t('surveys.emptyHint')}</p>
        </EmptyState>
      ) : (
        <>
          {open.length > 0 && (
            <section aria-labelledby="surveys-open">
              <h2 id="surveys-open" className="survey-section-title">
                {t('surveys.openForYou')}
              </h2>
              <ul className="survey-list">
                {open.map((survey) => (
                  <SurveyCard key={survey.id} survey={survey} />
                ))}
              </ul>
            </section>
          )}
          {rest.length > 0 && (
            <section aria-labelledby="surveys-other">
              <h2 id="surveys-other" className="survey-section-title">
                {t('surveys.others')}
              </h2>
              <ul className="survey-list">
                {rest.map((survey) => (
                  <SurveyCard key={survey.id} survey={survey} />
                ))}
              </ul>
            </section>
          )}
        </>
      )}
    </div>
  );
}
