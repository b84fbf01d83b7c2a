import { z } from 'zod';
import { idSchema, text } from './common.js';

export const questionTypes = ['single', 'multiple', 'scale', 'nps', 'text', 'matrix'] as const;
export const questionType = z.enum(questionTypes);
export type QuestionType = z.infer<typeof questionType>;

const choiceId = text()
  .trim()
  .regex(/^[a-zA-Z0-9_-]{1,40}$/, 'must be 1–40 letters, digits, - or _');
const choiceInput = z.strictObject({ id: choiceId.optional(), text: text().trim().min(1).max(200) });

export const questionInput = z
  .strictObject({
    id: choiceId.optional(),
    type: questionType,
    text: text().trim().min(1).max(500),
    required: z.boolean().optional(),
    /** single/multiple: the choices; matrix: the columns (e.g. "agree" … "disagree"). */
    options: z.array(choiceInput).min(2).max(20).optional(),
    /** scale: the range, 1–5 unless given (0–10 at most). */
    min: z.number().int().min(0).max(10).optional(),
    max: z.number().int().min(1).max(10).optional(),
    /** matrix: the statements, each answered with one of the options. */
    rows: z.array(choiceInput).min(1).max(20).optional(),
  })
  .superRefine((q, ctx) => {
    const needsOptions = q.type === 'single' || q.type === 'multiple' || q.type === 'matrix';
    if (needsOptions && !q.options)
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'needs at least two options' });
    if (!needsOptions && q.options)
      ctx.addIssue({ code: 'custom', path: ['options'], message: `a ${q.type} question has no options` });
    if (q.type === 'matrix' && !q.rows)
      ctx.addIssue({ code: 'custom', path: ['rows'], message: 'a matrix question needs rows' });
    if (q.type !== 'matrix' && q.rows)
      ctx.addIssue({ code: 'custom', path: ['rows'], message: `a ${q.type} question has no rows` });
    if (q.type !== 'scale' && (q.min !== undefined || q.max !== undefined))
      ctx.addIssue({ code: 'custom', path: ['min'], message: 'only scale questions have a range' });
    if (q.type === 'scale' && (q.min ?? 1) >= (q.max ?? 5))
      ctx.addIssue({ code: 'custom', path: ['max'], message: 'must be greater than min' });
    for (const key of ['options', 'rows'] as const) {
      const ids = (q[key] ?? []).flatMap((c) => (c.id ? [c.id] : []));
      if (new Set(ids).size !== ids.length)
        ctx.addIssue({ code: 'custom', path: [key], message: 'ids must be unique' });
    }
  });
export type QuestionInput = z.infer<typeof questionInput>;

export const audience = z.union([
  z.strictObject({ all: z.literal(true) }),
  z.strictObject({ spaceIds: z.array(idSchema).min(1).max(100) }),
  z.strictObject({ departments: z.array(text().trim().min(1).max(100)).min(1).max(100) }),
  z.strictObject({ locations: z.array(text().trim().min(1).max(100)).min(1).max(100) }),
]);
export type Audience = z.infer<typeof audience>;

const isoTime = z.iso.datetime({ offset: true });

const surveyFields = {
  title: text().trim().min(1).max(200),
  description: text().trim().max(5000).optional(),
  anonymous: z.boolean(),
  audience,
  opensAt: isoTime.nullable().optional(),
  closesAt: isoTime.nullable().optional(),
  questions: z.array(questionInput).min(1).max(50),
};

const periodInOrder = (s: { opensAt?: string | null; closesAt?: string | null }) =>
  !s.opensAt || !s.closesAt || Date.parse(s.opensAt) < Date.parse(s.closesAt);

export const createSurveyBody = z
  .strictObject(surveyFields)
  .refine(periodInOrder, { message: 'closesAt must be after opensAt', path: ['closesAt'] });
export const updateSurveyBody = z
  .strictObject(surveyFields)
  .partial()
  .refine(periodInOrder, { message: 'closesAt must be after opensAt', path: ['closesAt'] });
export type CreateSurveyBody = z.infer<typeof createSurveyBody>;
export type UpdateSurveyBody = z.infer<typeof updateSurveyBody>;

const choice = z.object({ id: z.string(), text: z.string() });
export const question = z.object({
  id: z.string(),
  type: questionType,
  text: z.string(),
  required: z.boolean(),
  options: z.array(choice).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  rows: z.array(choice).optional(),
});
export type Question = z.infer<typeof question>;

export const surveyState = z.enum(['scheduled', 'open', 'closed']);
export const survey = z.object({
  id: z.number(),
  title: z.string(),
  description: z.string(),
  anonymous: z.boolean(),
  audience,
  opensAt: z.string().nullable(),
  closesAt: z.string().nullable(),
  questions: z.array(question),
  state: surveyState,
  answered: z.boolean(),
  inAudience: z.boolean(),
  /** How many answered: for the survey's managers only. */
  respondents: z.number().nullable(),
  permissions: z.object({ manage: z.boolean(), answer: z.boolean() }),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Survey = z.infer<typeof survey>;
export const surveyList = z.object({
  items: z.array(survey),
  /** Whether the viewer may start a survey (admins, editors, space admins). */
  mayCreate: z.boolean(),
});

export const answer = z.strictObject({
  questionId: text().max(40),
  optionIds: z.array(text().max(40)).max(20).optional(),
  value: z.number().int().min(0).max(10).optional(),
  text: text().trim().max(2000).optional(),
  rows: z
    .array(z.strictObject({ rowId: text().max(40), optionId: text().max(40) }))
    .max(20)
    .optional(),
});
export const responseBody = z.strictObject({ answers: z.array(answer).max(50) });
export type ResponseBody = z.infer<typeof responseBody>;

export const questionResult = z.object({
  id: z.string(),
  type: questionType,
  /** Answers: how many chose each option (single, multiple). */
  counts: z.record(z.string(), z.number()).optional(),
  /** scale, nps: the mean of the answers (null when nobody answered). */
  mean: z.number().nullable().optional(),
  /** scale, nps: how many gave each value. */
  distribution: z.record(z.string(), z.number()).optional(),
  /** text: the answers, unattributed and shuffled (overall results only). */
  texts: z.array(z.string()).optional(),
  /** matrix: per row, how many chose each option. */
  rows: z.array(z.object({ id: z.string(), counts: z.record(z.string(), z.number()) })).optional(),
  /** How many answered this question. */
  answered: z.number(),
});
export type QuestionResult = z.infer<typeof questionResult>;

export const groupBy = z.enum(['department', 'location']);
export const resultsQuery = z.strictObject({ groupBy: groupBy.optional() });
export const resultGroup = z.object({
  /** The department or location; `other` for the merged small groups. */
  key: z.string(),
  respondents: z.number(),
  questions: z.array(questionResult),
});
export const surveyResults = z.object({
  surveyId: z.number(),
  respondents: z.number(),
  minGroupSize: z.number(),
  /** True when fewer than minGroupSize answered: no figures are shown at all. */
  suppressed: z.boolean(),
  questions: z.array(questionResult),
  groupBy: groupBy.nullable(),
  groups: z.array(resultGroup).optional(),
});
export type SurveyResults = z.infer<typeof surveyResults>;

export const surveyTemplate = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  anonymous: z.boolean(),
  questions: z.array(questionInput),
});
export const surveyTemplates = z.object({ items: z.array(surveyTemplate) });
export const templatesQuery = z.strictObject({ locale: z.enum(['de', 'en']).optional() });
