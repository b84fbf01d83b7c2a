import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from '@tanstack/react-router';
import { Plus, Trash2 } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  Audience,
  CreateSurveyBody,
  QuestionInput,
  QuestionType,
  Survey,
  UpdateSurveyBody,
} from '../../../shared/api/surveys';
import { ErrorMessage, Field, PageLoading } from '../../components/ui';
import { useMySpaces } from '../../lib/queries';
import { useSubmission } from '../../lib/submission';
import { peopleApi, peopleKeys } from '../people/queries';
import { surveyKeys, surveysApi, useSurvey } from './queries';
import './surveys.css';

type Choice = { id?: string; text: string };
type DraftQuestion = Omit<QuestionInput, 'options' | 'rows'> & {
  key: string;
  options?: Choice[];
  rows?: Choice[];
};
type AudienceKind = 'all' | 'spaceIds' | 'departments' | 'locations';
const types: QuestionType[] = ['single', 'multiple', 'scale', 'nps', 'text', 'matrix'];
let keyCounter = 0;
const nextKey = () => `k${++keyCounter}`;

function blankQuestion(type: QuestionType, t: (key: string) => string): DraftQuestion {
  const two = () => [{ text: '' }, { text: '' }];
  return {
    key: nextKey(),
    type,
    text: '',
    required: false,
    ...(type === 'single' || type === 'multiple' ? { options: two() } : {}),
    ...(type === 'matrix'
      ? {
          options: [{ text: t('surveys.editor.agree') }, { text: t('surveys.editor.disagree') }],
          rows: [{ text: '' }],
        }
      : {}),
    ...(type === 'scale' ? { min: 1, max: 5 } : {}),
  };
}

const toDraft = (q: QuestionInput): DraftQuestion => ({ ...q, key: nextKey() });
const toLocalInput = (iso: string | null) => {
  if (!iso) return '';
  const date = new Date(iso);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};
const fromLocalInput = (value: string) => (value ? new Date(value).toISOString() : null);

function ChoiceList(props: {
  label: string;
  items: Choice[];
  min: number;
  onChange: (items: Choice[]) => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="survey-choices-editor">
      <p className="survey-editor-label">{props.label}</p>
      {props.items.map((item, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: choices are edited in place by position.
        <div key={index} className="survey-choice-edit">
          <input
            aria-label={`${props.label} ${index + 1}`}
            value={item.text}
            maxLength={200}
            onChange={(event) =>
              props.onChange(
                props.items.map((c, i) => (i === index ? { ...c, text: event.target.value } : c)),
              )
            }
          />
          <button
            type="button"
            className="icon-button"
            aria-label={t('surveys.editor.remove')}
            disabled={props.items.length <= props.min}
            onClick={() => props.onChange(props.items.filter((_c, i) => i !== index))}
          >
            <Trash2 size={16} aria-hidden="true" />
          </button>
        </div>
      ))}
      <button
        type="button"
        className="link-button"
        onClick={() => props.onChange([...props.items, { text: '' }])}
      >
        {t('surveys.editor.addChoice')}
      </button>
    </div>
  );
}

/** New survey or edit one: questions of every type, audience, period, anonymity, templates. */
export function SurveyEditor({ existing }: { existing?: Survey }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const submission = useSubmission();
  const spaces = useMySpaces();
  const facets = useQuery({
    queryKey: peopleKeys.facets,
    queryFn: () => peopleApi.facets(),
  });
  const templates = useQuery({
    queryKey: surveyKeys.templates(i18n.language),
    queryFn: () => surveysApi.templates(i18n.language === 'en' ? 'en' : 'de'),
    enabled: !existing,
  });
  const [title, setTitle] = useState(existing?.title ?? '');
  const [description, setDescription] = useState(existing?.description ?? '');
  const [anonymous, setAnonymous] = useState(existing?.anonymous ?? true);
  const initialKind: AudienceKind = existing
    ? ((Object.keys(existing.audience)[0] as AudienceKind | undefined) ?? 'all')
    : 'all';
  const [audienceKind, setAudienceKind] = useState<AudienceKind>(initialKind);
  const [picked, setPicked] = useState<Array<string | number>>(
    existing && initialKind !== 'all'
      ? ((existing.audience as Record<string, Array<string | number>>)[initialKind] ?? [])
      : [],
  );
  const [opensAt, setOpensAt] = useState(toLocalInput(existing?.opensAt ?? null));
  const [closesAt, setClosesAt] = useState(toLocalInput(existing?.closesAt ?? null));
  const [questions, setQuestions] = useState<DraftQuestion[]>(
    existing ? existing.questions.map((q) => toDraft(q as QuestionInput)) : [],
  );
  const locked = (existing?.respondents ?? 0) > 0;

  const save = useMutation({
    mutationFn: (body: UpdateSurveyBody) =>
      existing
        ? surveysApi.update(existing.id, body)
        : surveysApi.create(body as CreateSurveyBody, submission.key()),
    onSuccess: async (survey) => {
      submission.accepted();
      await queryClient.invalidateQueries({ queryKey: surveyKeys.all });
      await navigate({ to: '/surveys/$id', params: { id: String(survey.id) } });
    },
  });

  const applyTemplate = (id: string) => {
    const template = templates.data?.items.find((item) => item.id === id);
    if (!template) return;
    setTitle(template.title);
    setDescription(template.description);
    setAnonymous(template.anonymous);
    setQuestions(template.questions.map(toDraft));
  };
  const update = (key: string, change: Partial<DraftQuestion>) =>
    setQuestions((current) => current.map((q) => (q.key === key ? { ...q, ...change } : q)));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const audience = (audienceKind === 'all' ? { all: true } : { [audienceKind]: picked }) as Audience;
    const body = {
      title,
      description,
      anonymous,
      audience,
      opensAt: fromLocalInput(opensAt),
      closesAt: fromLocalInput(closesAt),
      ...(locked ? {} : { questions: questions.map(({ key: _key, ...q }) => q) }),
    };
    if (locked) delete (body as { anonymous?: boolean }).anonymous;
    submission.run(() => save.mutateAsync(body));
  };

  const choicesFor: Record<AudienceKind, Array<{ value: string | number; label: string }>> = {
    all: [],
    spaceIds: (spaces.data?.items ?? []).map((s) => ({ value: s.id, label: s.name })),
    departments: (facets.data?.departments ?? []).map((d) => ({ value: d, label: d })),
    locations: (facets.data?.locations ?? []).map((l) => ({ value: l, label: l })),
  };

  return (
    <form className="page survey-editor" onSubmit={submit} noValidate>
      <h1 className="page-title">
        {existing ? t('surveys.editor.editTitle') : t('surveys.editor.newTitle')}
      </h1>
      {!existing && (templates.data?.items.length ?? 0) > 0 && (
        <div className="card survey-templates">
          <label htmlFor="survey-template">{t('surveys.editor.template')}</label>
          <select
            id="survey-template"
            defaultValue=""
            onChange={(event) => applyTemplate(event.target.value)}
          >
            <option value="">{t('surveys.editor.noTemplate')}</option>
            {templates.data?.items.map((template) => (
              <option key={template.id} value={template.id}>
                {template.title}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="card survey-editor-section">
        <Field
          label={t('surveys.editor.titleField')}
          name="title"
          value={title}
          onChange={setTitle}
          required
          maxLength={200}
        />
        <Field
          label={t('surveys.editor.description')}
          name="description"
          value={description}
          onChange={setDescription}
          multiline
          maxLength={5000}
        />
        <label className="survey-switch">
          <input
            type="checkbox"
            checked={anonymous}
            disabled={locked}
            onChange={(event) => setAnonymous(event.target.checked)}
          />
          <span>{t('surveys.editor.anonymous')}</span>
        </label>
        <p className="muted survey-explain">
          {t(anonymous ? 'surveys.editor.anonymousHint' : 'surveys.editor.namedHint')}{' '}
          <Link to="/transparency">{t('common.whatIsStored')}</Link>
        </p>
      </div>
      <fieldset className="card survey-editor-section">
        <legend className="survey-editor-label">{t('surveys.editor.audience')}</legend>
        <select
          aria-label={t('surveys.editor.audience')}
          value={audienceKind}
          onChange={(event) => {
            setAudienceKind(event.target.value as AudienceKind);
            setPicked([]);
          }}
        >
          {(['all', 'spaceIds', 'departments', 'locations'] as const).map((kind) => (
            <option key={kind} value={kind}>
              {t(`surveys.editor.audienceKinds.${kind}`)}
            </option>
          ))}
        </select>
        {audienceKind !== 'all' && (
          <div className="survey-audience-choices">
            {choicesFor[audienceKind].length === 0 && (
              <p className="muted">{t('surveys.editor.nothingToChoose')}</p>
            )}
            {choicesFor[audienceKind].map((choice) => (
              <label key={String(choice.value)} className="survey-choice">
                <input
                  type="checkbox"
                  checked={picked.includes(choice.value)}
                  onChange={(event) =>
                    setPicked((current) =>
                      event.target.checked
                        ? [...current, choice.value]
                        : current.filter((v) => v !== choice.value),
                    )
                  }
                />
                <span>{choice.label}</span>
              </label>
            ))}
          </div>
        )}
        <div className="survey-period">
          <label>
            {t('surveys.editor.opensAt')}
            <input
              type="datetime-local"
              value={opensAt}
              onChange={(event) => setOpensAt(event.target.value)}
            />
          </label>
          <label>
            {t('surveys.editor.closesAt')}
            <input
              type="datetime-local"
              value={closesAt}
              onChange={(event) => setClosesAt(event.target.value)}
            />
          </label>
        </div>
      </fieldset>
      {locked && <p className="alert alert-info">{t('surveys.editor.locked')}</p>}
      {questions.map((q, index) => (
        <fieldset key={q.key} className="card survey-question-editor" disabled={locked}>
          <legend className="survey-editor-label">
            {index + 1}. {t(`surveys.types.${q.type}`)}
          </legend>
          <Field
            label={t('surveys.editor.questionText')}
            name={`question-${index}`}
            value={q.text}
            onChange={(text) => update(q.key, { text })}
            maxLength={500}
          />
          {(q.type === 'single' || q.type === 'multiple' || q.type === 'matrix') && (
            <ChoiceList
              label={t(q.type === 'matrix' ? 'surveys.editor.columns' : 'surveys.editor.options')}
              items={q.options ?? []}
              min={2}
              onChange={(options) => update(q.key, { options })}
            />
          )}
          {q.type === 'matrix' && (
            <ChoiceList
              label={t('surveys.editor.rows')}
              items={q.rows ?? []}
              min={1}
              onChange={(rows) => update(q.key, { rows })}
            />
          )}
          {q.type === 'scale' && (
            <label className="survey-inline">
              {t('surveys.editor.range')}
              <select
                value={`${q.min ?? 1}-${q.max ?? 5}`}
                onChange={(event) => {
                  const [min, max] = event.target.value.split('-').map(Number);
                  update(q.key, { min, max });
                }}
              >
                <option value="1-5">1–5</option>
                <option value="1-7">1–7</option>
                <option value="0-10">0–10</option>
              </select>
            </label>
          )}
          <div className="survey-question-tools">
            <label className="survey-choice">
              <input
                type="checkbox"
                checked={q.required ?? false}
                onChange={(event) => update(q.key, { required: event.target.checked })}
              />
              <span>{t('surveys.editor.required')}</span>
            </label>
            <button
              type="button"
              className="button button-danger"
              onClick={() => setQuestions((current) => current.filter((c) => c.key !== q.key))}
            >
              <Trash2 size={16} aria-hidden="true" /> {t('surveys.editor.removeQuestion')}
            </button>
          </div>
        </fieldset>
      ))}
      {!locked && (
        <div className="card survey-add">
          <p className="survey-editor-label">{t('surveys.editor.addQuestion')}</p>
          <div className="survey-add-buttons">
            {types.map((type) => (
              <button
                key={type}
                type="button"
                className="button"
                onClick={() => setQuestions((current) => [...current, blankQuestion(type, t)])}
              >
                <Plus size={16} aria-hidden="true" /> {t(`surveys.types.${type}`)}
              </button>
            ))}
          </div>
        </div>
      )}
      <ErrorMessage error={save.error} />
      <button type="submit" className="button button-primary button-block" disabled={save.isPending}>
        {existing ? t('surveys.editor.save') : t('surveys.editor.create')}
      </button>
    </form>
  );
}

export function NewSurveyPage() {
  return <SurveyEditor />;
}

export function EditSurveyPage() {
  const id = Number(useParams({ strict: false }).id);
  const survey = useSurvey(id);
  if (!survey.data) return <PageLoading error={survey.error} />;
  return <SurveyEditor key={survey.data.id} existing={survey.data} />;
}
