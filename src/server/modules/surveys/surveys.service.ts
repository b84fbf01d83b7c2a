import { randomBytes } from 'node:crypto';
import type {
  Audience,
  CreateSurveyBody,
  Question,
  QuestionInput,
  Survey,
  UpdateSurveyBody,
} from '../../../shared/api/surveys.js';
import type { AppContext } from '../../context.js';
import { fail } from '../../http/errors.js';
import type { Viewer } from '../../http/viewer.js';
import { isoNow } from '../../lib/clock.js';
import { mayAddressAudience, mayCreateSurveys, mayManageSurvey } from './surveys.policy.js';
import { audienceOf, toSurvey } from './surveys.presenter.js';
import * as repo from './surveys.repo.js';

/** Gives every question and choice an id (keeping the ones given), and scales their range. */
export function normaliseQuestions(input: QuestionInput[]): Question[] {
  const given = input.flatMap((q) => (q.id ? [q.id] : []));
  if (new Set(given).size !== given.length)
    throw fail.badRequest('validation_failed', 'Question ids must be unique.', [
      { path: 'questions', message: 'question ids must be unique', kind: 'invalid' },
    ]);
  const used = new Set(given);
  const fresh = (prefix: string, taken: Set<string>) => {
    for (;;) {
      const id = `${prefix}${randomBytes(4).toString('hex')}`;
      if (!taken.has(id)) {
        taken.add(id);
        return id;
      }
    }
  };
  const choices = (list: QuestionInput['options'], prefix: string) => {
    if (!list) return undefined;
    const taken = new Set(list.flatMap((c) => (c.id ? [c.id] : [])));
    return list.map((c) => ({ id: c.id ?? fresh(prefix, taken), text: c.text }));
  };
  return input.map((q) => ({
    id: q.id ?? fresh('q', used),
    type: q.type,
    text: q.text,
    required: q.required ?? false,
    ...(q.options ? { options: choices(q.options, 'o') } : {}),
    ...(q.type === 'scale' ? { min: q.min ?? 1, max: q.max ?? 5 } : {}),
    ...(q.type === 'nps' ? { min: 0, max: 10 } : {}),
    ...(q.rows ? { rows: choices(q.rows, 'r') } : {}),
  }));
}

const iso = (value: string | null | undefined) => (value ? new Date(value).toISOString() : null);

async function checkAudience(ctx: AppContext, viewer: Viewer, audience: Audience) {
  const administered =
    'spaceIds' in audience
      ? await repo.spacesAdministeredBy(ctx.database.db, viewer.id, audience.spaceIds)
      : [];
  if (!mayAddressAudience(viewer, audience, administered))
    throw fail.forbidden(
      'Surveys are run by editors and admins; space admins may ask the spaces they administer.',
      'invalid_audience',
    );
}

export async function presentOne(ctx: AppContext, viewer: Viewer, row: repo.SurveyRow): Promise<Survey> {
  const { db } = ctx.database;
  const [answered, counts, inAudience] = await Promise.all([
    repo.answeredBy(db, viewer.id, [row.id]),
    repo.participantCounts(db, [row.id]),
    repo.isInAudience(db, audienceOf(row), viewer.id),
  ]);
  return toSurvey(row, ctx.clock.now(), {
    answered: answered.has(row.id),
    inAudience,
    manage: mayManageSurvey(viewer, row),
    respondents: counts.get(row.id) ?? 0,
  });
}

export async function createSurvey(ctx: AppContext, viewer: Viewer, body: CreateSurveyBody) {
  await checkAudience(ctx, viewer, body.audience);
  const now = isoNow(ctx.clock);
  const id = await ctx.database.transaction((trx) =>
    repo.insertSurvey(trx, {
      title: body.title,
      description: body.description ?? '',
      anonymous: body.anonymous ? 1 : 0,
      audience: JSON.stringify(body.audience),
      questions: JSON.stringify(normaliseQuestions(body.questions)),
      opens_at: iso(body.opensAt),
      closes_at: iso(body.closesAt),
      created_by: viewer.id,
      created_at: now,
      updated_at: now,
      reminder_sent_at: null,
    }),
  );
  return getSurvey(ctx, viewer, id);
}

/** A survey as its audience and its managers see it; anyone else gets 404. */
export async function loadVisible(ctx: AppContext, viewer: Viewer, id: number) {
  const row = await repo.findSurvey(ctx.database.db, id);
  if (!row) throw fail.notFound('No such survey.');
  if (mayManageSurvey(viewer, row)) return { row, manage: true };
  if (!(await repo.isInAudience(ctx.database.db, audienceOf(row), viewer.id)))
    throw fail.notFound('No such survey.');
  return { row, manage: false };
}

export async function loadManaged(ctx: AppContext, viewer: Viewer, id: number) {
  const { row, manage } = await loadVisible(ctx, viewer, id);
  if (!manage) throw fail.forbidden('Only the survey’s author and admins may do this.');
  return row;
}

export async function getSurvey(ctx: AppContext, viewer: Viewer, id: number) {
  const { row } = await loadVisible(ctx, viewer, id);
  return presentOne(ctx, viewer, row);
}

/** Surveys meant for the viewer (open, scheduled, closed) and those the viewer manages. */
export async function listSurveys(ctx: AppContext, viewer: Viewer) {
  const { db } = ctx.database;
  const rows = await repo.listSurveys(db);
  const ids = rows.map((row) => row.id);
  const [answered, counts] = await Promise.all([
    repo.answeredBy(db, viewer.id, ids),
    repo.participantCounts(db, ids),
  ]);
  const now = ctx.clock.now();
  const items: Survey[] = [];
  for (const row of rows) {
    const manage = mayManageSurvey(viewer, row);
    const inAudience = await repo.isInAudience(db, audienceOf(row), viewer.id);
    if (!manage && !inAudience) continue;
    items.push(
      toSurvey(row, now, {
        answered: answered.has(row.id),
        inAudience,
        manage,
        respondents: counts.get(row.id) ?? 0,
      }),
    );
  }
  return { items, mayCreate: await mayCreate(ctx, viewer) };
}

export async function updateSurvey(ctx: AppContext, viewer: Viewer, id: number, body: UpdateSurveyBody) {
  const row = await loadManaged(ctx, viewer, id);
  if (body.audience) await checkAudience(ctx, viewer, body.audience);
  const opensAt = body.opensAt === undefined ? row.opens_at : iso(body.opensAt);
  const closesAt = body.closesAt === undefined ? row.closes_at : iso(body.closesAt);
  if (opensAt && closesAt && opensAt >= closesAt)
    throw fail.badRequest('validation_failed', 'closesAt must be after opensAt.', [
      { path: 'closesAt', message: 'must be after opensAt', kind: 'invalid' },
    ]);
  await ctx.database.transaction(async (trx) => {
    const answered = (await repo.participantCounts(trx, [id])).get(id) ?? 0;
    const changesAnswers =
      body.questions !== undefined ||
      (body.anonymous !== undefined && body.anonymous !== (row.anonymous === 1));
    if (answered > 0 && changesAnswers)
      throw fail.conflict(
        'survey_has_responses',
        'People have answered already: the questions and anonymity can no longer change.',
      );
    await repo.updateSurvey(trx, id, {
      ...(body.title === undefined ? {} : { title: body.title }),
      ...(body.description === undefined ? {} : { description: body.description }),
      ...(body.anonymous === undefined ? {} : { anonymous: body.anonymous ? 1 : 0 }),
      ...(body.audience === undefined ? {} : { audience: JSON.stringify(body.audience) }),
      ...(body.questions === undefined
        ? {}
        : { questions: JSON.stringify(normaliseQuestions(body.questions)) }),
      opens_at: opensAt,
      closes_at: closesAt,
      // A new closing time may deserve its own reminder.
      ...(body.closesAt === undefined || closesAt === row.closes_at ? {} : { reminder_sent_at: null }),
      updated_at: isoNow(ctx.clock),
    });
  });
  return getSurvey(ctx, viewer, id);
}

export async function deleteSurvey(ctx: AppContext, viewer: Viewer, id: number) {
  await loadManaged(ctx, viewer, id);
  await ctx.database.transaction((trx) => repo.deleteSurvey(trx, id));
}

/** Whether the viewer may start surveys at all (the web shows the "new survey" button by it). */
export async function mayCreate(ctx: AppContext, viewer: Viewer) {
  return mayCreateSurveys(viewer) || (await repo.administersAnySpace(ctx.database.db, viewer.id));
}
