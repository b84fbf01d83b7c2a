import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { Lock } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Question, ResponseBody, Survey } from '../../../shared/api/surveys';
import { ErrorMessage, formatDate, Notice, PageLoading } from '../../components/ui';
import { ApiError } from '../../lib/api-error';
import { useSubmission } from '../../lib/submission';
import { surveyKeys, surveysApi, useSurvey } from './queries';
import { SurveyStateBadge } from './SurveysPage';
import './surveys.css';

type Draft = { optionIds?: string[]; value?: number; text?: string; rows?: Record<string, string> };

function QuestionCard(props: {
  question: Question;
  index: number;
  draft: Draft;
  onChange: (draft: Draft) => void;
}) {
  const { t } = useTranslation();
  const { question, draft, onChange } = props;
  const name = `q-${question.id}`;
  const legend = (
    <legend className="survey-question-text">
      <span className="survey-question-number">{props.index + 1}</span> {question.text}
      {question.required && <span className="survey-required"> *</span>}
    </legend>
  );
  if (question.type === 'single' || question.type === 'multiple') {
    const chosen = new Set(draft.optionIds ?? []);
    return (
      <fieldset className="card survey-question">
        {legend}
        {question.type === 'multiple' && <p className="muted">{t('surveys.answer.chooseMany')}</p>}
        {(question.options ?? []).map((option) => (
          <label key={option.id} className="survey-choice">
            <input
              type={question.type === 'single' ? 'radio' : 'checkbox'}
              name={name}
              checked={chosen.has(option.id)}
              onChange={(event) => {
                if (question.type === 'single') return onChange({ optionIds: [option.id] });
                const next = new Set(chosen);
                if (event.target.checked) next.add(option.id);
                else next.delete(option.id);
                onChange({ optionIds: [...next] });
              }}
            />
            <span>{option.text}</span>
          </label>
        ))}
      </fieldset>
    );
  }
  if (question.type === 'scale' || question.type === 'nps') {
    const values: number[] = [];
    for (let v = question.min ?? 0; v <= (question.max ?? 10); v++) values.push(v);
    return (
      <fieldset className="card survey-question">
        {legend}
        <div className={`survey-scale survey-scale-${values.length > 6 ? 'wide' : 'narrow'}`}>
          {values.map((v) => (
            <label key={v} className={`survey-scale-value${draft.value === v ? ' is-chosen' : ''}`}>
              <input
                type="radio"
                name={name}
                checked={draft.value === v}
                onChange={() => onChange({ value: v })}
              />
              <span>{v}</span>
            </label>
          ))}
        </div>
        <p className="survey-scale-ends muted">
          <span>{t(question.type === 'nps' ? 'surveys.answer.npsLow' : 'surveys.answer.scaleLow')}</span>
          <span>{t(question.type === 'nps' ? 'surveys.answer.npsHigh' : 'surveys.answer.scaleHigh')}</span>
        </p>
      </fieldset>
    );
  }
  if (question.type === 'text')
    return (
      <fieldset className="card survey-question">
        {legend}
        <textarea
          className="survey-text"
          aria-label={question.text}
          rows={4}
          maxLength={2000}
          value={draft.text ?? ''}
          onChange={(event) => onChange({ text: event.target.value })}
        />
      </fieldset>
    );
  const rows = draft.rows ?? {};
  return (
    <fieldset className="card survey-question">
      {legend}
      {(question.rows ?? []).map((row) => (
        <fieldset key={row.id} className="survey-matrix-row">
          <legend>{row.text}</legend>
          <div className="survey-matrix-options">
            {(question.options ?? []).map((option) => (
              <label
                key={option.id}
                className={`survey-chip${rows[row.id] === option.id ? ' is-chosen' : ''}`}
              >
                <input
                  type="radio"
                  name={`${name}-${row.id}`}
                  checked={rows[row.id] === option.id}
                  onChange={() => onChange({ rows: { ...rows, [row.id]: option.id } })}
                />
                <span>{option.text}</span>
              </label>
            ))}
          </div>
        </fieldset>
      ))}
    </fieldset>
  );
}

/** The answers the API takes: only questions the person actually answered. */
type Answer = ResponseBody['answers'][number];

function toAnswers(survey: Survey, drafts: Record<string, Draft>): Answer[] {
  return survey.questions.flatMap((q): Answer[] => {
    const draft = drafts[q.id];
    if (!draft) return [];
    if (draft.optionIds?.length) return [{ questionId: q.id, optionIds: draft.optionIds }];
    if (draft.value !== undefined) return [{ questionId: q.id, value: draft.value }];
    if (draft.text?.trim()) return [{ questionId: q.id, text: draft.text.trim() }];
    const rows = Object.entries(draft.rows ?? {}).map(([rowId, optionId]) => ({ rowId, optionId }));
    return rows.length ? [{ questionId: q.id, rows }] : [];
  });
}

/** One survey: its questions one per card, sent once (a double click sends nothing twice). */
export function SurveyAnswerPage() {
  const { t, i18n } = useTranslation();
  const id = Number(useParams({ strict: false }).id);
  const survey = useSurvey(id);
  const queryClient = useQueryClient();
  const submission = useSubmission();
  const [drafts, setDrafts] = useState<Record<string, Draft>>({});
  const [missing, setMissing] = useState<string[]>([]);
  const send = useMutation({
    mutationFn: (answers: Answer[]) =>
      surveysApi.respond(id, answers).catch((error) => {
        // A second click that slipped through finds the first answer already there.
        if (error instanceof ApiError && error.code === 'survey_answered') return null;
        throw error;
      }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: surveyKeys.all }),
  });
  if (!survey.data) return <PageLoading error={survey.error} />;
  const s = survey.data;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const answers = toAnswers(s, drafts);
    const answered = new Set(answers.map((a) => a.questionId));
    const lacking = s.questions.filter((q) => q.required && !answered.has(q.id)).map((q) => q.id);
    setMissing(lacking);
    if (lacking.length || answers.length === 0) return;
    submission.run(() => send.mutateAsync(answers));
  };
  const done = s.answered || send.isSuccess;
  return (
    <div className="page survey-answer-page">
      <header className="survey-header">
        <div>
          <p className="survey-card-flags">
            <SurveyStateBadge survey={s} />
            {s.anonymous && (
              <span className="badge">
                <Lock size={12} aria-hidden="true" /> {t('surveys.anonymous')}
              </span>
            )}
          </p>
          <h1 className="page-title">{s.title}</h1>
        </div>
      </header>
      {s.description && <p className="survey-description">{s.description}</p>}
      {s.anonymous && (
        <p className="muted survey-anonymity-note">
          {t('surveys.answer.anonymousNote')}{' '}
          <Link to="/surveys/anonymity">{t('surveys.answer.howItWorks')}</Link>
        </p>
      )}
      {s.closesAt && (
        <p className="muted">
          {t('surveys.closesOn', { date: formatDate(s.closesAt, i18n.language, true) })}
        </p>
      )}
      {s.permissions.manage && (
        <p>
          <Link to="/surveys/$id/results" params={{ id: String(s.id) }} className="button">
            {t('surveys.results')}
          </Link>
        </p>
      )}
      {done ? (
        <Notice tone="success">{t('surveys.answer.thanks')}</Notice>
      ) : !s.permissions.answer ? (
        <Notice>
          {t(
            s.state === 'scheduled'
              ? 'surveys.answer.notYet'
              : s.state === 'closed'
                ? 'surveys.answer.closed'
                : 'surveys.answer.notForYou',
          )}
        </Notice>
      ) : (
        <form className="survey-form" onSubmit={submit} noValidate>
          {s.questions.map((question, index) => (
            <div key={question.id} className={missing.includes(question.id) ? 'survey-missing' : undefined}>
              <QuestionCard
                question={question}
                index={index}
                draft={drafts[question.id] ?? {}}
                onChange={(draft) => {
                  setDrafts((current) => ({ ...current, [question.id]: draft }));
                  setMissing((current) => current.filter((q) => q !== question.id));
                }}
              />
              {missing.includes(question.id) && (
                <p className="field-error" role="alert">
                  {t('surveys.answer.required')}
                </p>
              )}
            </div>
          ))}
          <ErrorMessage error={send.error} />
          <button type="submit" className="button button-primary button-block" disabled={send.isPending}>
            {t('surveys.answer.submit')}
          </button>
        </form>
      )}
    </div>
  );
}
