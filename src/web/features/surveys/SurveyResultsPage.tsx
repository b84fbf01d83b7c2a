import { Link, useParams } from '@tanstack/react-router';
import { Download } from 'lucide-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Question, QuestionResult, Survey, SurveyResults } from '../../../shared/api/surveys';
import { ErrorMessage, Notice, PageLoading, Skeleton } from '../../components/ui';
import { BarChart } from './BarChart';
import { surveysApi, useSurvey, useSurveyResults } from './queries';
import './surveys.css';

type Series = { label: string; data: number[] };

/** Labels and one data series per group (or one for everyone) for a question's chart and table. */
function chartOf(question: Question, results: Array<{ label: string; result: QuestionResult | undefined }>) {
  const options = question.options ?? [];
  if (question.type === 'single' || question.type === 'multiple')
    return {
      labels: options.map((o) => o.text),
      datasets: results.map(({ label, result }) => ({
        label,
        data: options.map((o) => result?.counts?.[o.id] ?? 0),
      })),
    };
  if (question.type === 'scale' || question.type === 'nps') {
    const labels: string[] = [];
    for (let v = question.min ?? 0; v <= (question.max ?? 10); v++) labels.push(String(v));
    return {
      labels,
      datasets: results.map(({ label, result }) => ({
        label,
        data: labels.map((v) => result?.distribution?.[v] ?? 0),
      })),
    };
  }
  if (question.type === 'matrix') {
    // Everyone only: one stacked bar per row, one colour per option.
    const result = results[0]?.result;
    return {
      labels: (question.rows ?? []).map((r) => r.text),
      datasets: options.map((o) => ({
        label: o.text,
        data: (question.rows ?? []).map(
          (r) => result?.rows?.find((row) => row.id === r.id)?.counts[o.id] ?? 0,
        ),
      })),
      stacked: true,
    };
  }
  return null;
}

function ResultTable({ labels, datasets }: { labels: string[]; datasets: Series[] }) {
  const { t } = useTranslation();
  return (
    <table className="survey-table">
      <thead>
        <tr>
          <th scope="col">{t('surveys.resultsPage.answer')}</th>
          {datasets.map((set) => (
            <th key={set.label} scope="col">
              {set.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {labels.map((label, i) => (
          <tr key={label}>
            <th scope="row">{label}</th>
            {datasets.map((set) => (
              <td key={set.label}>{set.data[i]}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function QuestionResults({
  survey,
  question,
  data,
}: {
  survey: Survey;
  question: Question;
  data: SurveyResults;
}) {
  const { t } = useTranslation();
  const groupLabel = (key: string) => (key === 'other' ? t('surveys.other') : key);
  const otherLabel = t('surveys.other');
  const everyoneLabel = t('surveys.resultsPage.everyone');
  const overallResult = data.questions.find((r) => r.id === question.id);
  const series = useMemo(() => {
    const label = (key: string) => (key === 'other' ? otherLabel : key);
    const overall = { label: everyoneLabel, result: overallResult };
    const groups = (data.groups ?? []).map((g) => ({
      label: label(g.key),
      result: g.questions.find((r) => r.id === question.id),
    }));
    return chartOf(question, question.type === 'matrix' || groups.length === 0 ? [overall] : groups);
  }, [data.groups, question, overallResult, otherLabel, everyoneLabel]);
  const overall = data.questions.find((r) => r.id === question.id);
  return (
    <section className="card survey-result" aria-labelledby={`result-${question.id}`}>
      <h2 id={`result-${question.id}`} className="survey-question-text">
        {question.text}
      </h2>
      <p className="muted">
        {t(`surveys.types.${question.type}`)} ·{' '}
        {t('surveys.resultsPage.answeredBy', { count: overall?.answered ?? 0 })}
        {overall?.mean !== undefined &&
          overall.mean !== null &&
          ` · ${t('surveys.resultsPage.mean', { mean: overall.mean.toLocaleString() })}`}
      </p>
      {(data.groups?.length ?? 0) > 0 && overall?.mean !== undefined && (
        <ul className="survey-group-means">
          {data.groups?.map((g) => {
            const mean = g.questions.find((r) => r.id === question.id)?.mean;
            return (
              <li key={g.key}>
                {groupLabel(g.key)}: {mean === null || mean === undefined ? '–' : mean.toLocaleString()}
              </li>
            );
          })}
        </ul>
      )}
      {series && (
        <>
          <BarChart labels={series.labels} datasets={series.datasets} stacked={'stacked' in series} />
          <ResultTable labels={series.labels} datasets={series.datasets} />
        </>
      )}
      {question.type === 'text' &&
        (overall?.texts?.length ? (
          <ul className="survey-texts">
            {overall.texts.map((text, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: texts are shuffled and may repeat.
              <li key={i}>{text}</li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t('surveys.resultsPage.noTexts')}</p>
        ))}
      {survey.anonymous && question.type === 'text' && (
        <p className="muted">{t('surveys.resultsPage.textsNote')}</p>
      )}
    </section>
  );
}

/** Results for the survey's managers: charts, a department/location switch, CSV export. */
export function SurveyResultsPage() {
  const { t } = useTranslation();
  const id = Number(useParams({ strict: false }).id);
  const [groupBy, setGroupBy] = useState('');
  const survey = useSurvey(id);
  const results = useSurveyResults(id, groupBy);
  if (!survey.data) return <PageLoading error={survey.error} />;
  const s = survey.data;
  const data = results.data;
  return (
    <div className="page survey-results-page">
      <p>
        <Link to="/surveys/$id" params={{ id: String(s.id) }}>
          ← {s.title}
        </Link>
      </p>
      <h1 className="page-title">{t('surveys.resultsPage.title', { title: s.title })}</h1>
      <div className="survey-results-tools">
        <label className="survey-inline">
          {t('surveys.resultsPage.groupBy')}
          <select value={groupBy} onChange={(event) => setGroupBy(event.target.value)}>
            <option value="">{t('surveys.resultsPage.noGrouping')}</option>
            <option value="department">{t('surveys.resultsPage.department')}</option>
            <option value="location">{t('surveys.resultsPage.location')}</option>
          </select>
        </label>
        <a className="button" href={surveysApi.exportUrl(s.id, 'csv', groupBy)} download>
          <Download size={16} aria-hidden="true" /> {t('surveys.resultsPage.csv')}
        </a>
        <a className="button" href={surveysApi.exportUrl(s.id, 'xlsx', groupBy)} download>
          <Download size={16} aria-hidden="true" /> {t('surveys.resultsPage.xlsx')}
        </a>
      </div>
      <ErrorMessage error={results.error} />
      {!data ? (
        <Skeleton lines={6} />
      ) : (
        <>
          <p className="survey-respondents">
            {t('surveys.respondentCount', { count: data.respondents })}
            {data.groups &&
              data.groups.length > 0 &&
              ` · ${data.groups.map((g) => `${g.key === 'other' ? t('surveys.other') : g.key} (${g.respondents})`).join(', ')}`}
          </p>
          <p className="muted">{t('surveys.resultsPage.minimumNote', { count: data.minGroupSize })}</p>
          {data.suppressed ? (
            <Notice>{t('surveys.resultsPage.suppressed', { count: data.minGroupSize })}</Notice>
          ) : (
            s.questions.map((question) => (
              <QuestionResults key={question.id} survey={s} question={question} data={data} />
            ))
          )}
        </>
      )}
    </div>
  );
}
