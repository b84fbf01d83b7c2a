import { randomBytes } from 'node:crypto';
import type { Question, ResponseBody } from '../../../shared/api/surveys.js';
import type { AppContext } from '../../context.js';
import { fail } from '../../http/errors.js';
import type { Viewer } from '../../http/viewer.js';
import { isoNow } from '../../lib/clock.js';
import { surveyState } from './surveys.policy.js';
import { audienceOf, questionsOf } from './surveys.presenter.js';
import * as repo from './surveys.repo.js';
import { loadVisible } from './surveys.service.js';

type Answer = ResponseBody['answers'][number];

/** The counter keys an answer adds to (besides the question's own "answered" counter ''). */
export type CheckedAnswer = { questionId: string; keys: string[]; text?: string };

const invalid = (questionId: string, message: string) =>
  fail.badRequest('invalid_answer', message, { questionId });

/** Checks one answer against its question; returns the counter keys it adds to. */
function checkAnswer(question: Question, answer: Answer): CheckedAnswer {
  const { type } = question;
  const given = (['optionIds', 'value', 'text', 'rows'] as const).filter((key) => answer[key] !== undefined);
  const expected =
    type === 'single' || type === 'multiple'
      ? 'optionIds'
      : type === 'scale' || type === 'nps'
        ? 'value'
        : type === 'text'
          ? 'text'
          : 'rows';
  if (given.length !== 1 || given[0] !== expected)
    throw invalid(question.id, `A ${type} question is answered with ${expected} only.`);
  const optionIds = new Set((question.options ?? []).map((o) => o.id));
  switch (type) {
    case 'single':
    case 'multiple': {
      const ids = answer.optionIds ?? [];
      if (ids.length === 0 || (type === 'single' && ids.length !== 1))
        throw invalid(
          question.id,
          type === 'single' ? 'Choose exactly one option.' : 'Choose at least one option.',
        );
      if (new Set(ids).size !== ids.length || ids.some((id) => !optionIds.has(id)))
        throw invalid(question.id, 'Unknown or repeated option.');
      return { questionId: question.id, keys: ids };
    }
    case 'scale':
    case 'nps': {
      const value = answer.value as number;
      if (value < (question.min ?? 0) || value > (question.max ?? 10))
        throw invalid(question.id, `Choose a value from ${question.min} to ${question.max}.`);
      return { questionId: question.id, keys: [String(value)] };
    }
    case 'text': {
      const text = (answer.text ?? '').trim();
      if (!text) throw invalid(question.id, 'The answer is empty.');
      return { questionId: question.id, keys: [], text };
    }
    case 'matrix': {
      const rows = answer.rows ?? [];
      const rowIds = new Set((question.rows ?? []).map((r) => r.id));
      if (rows.length === 0) throw invalid(question.id, 'Answer at least one row.');
      if (new Set(rows.map((r) => r.rowId)).size !== rows.length)
        throw invalid(question.id, 'Each row is answered once.');
      if (rows.some((r) => !rowIds.has(r.rowId) || !optionIds.has(r.optionId)))
        throw invalid(question.id, 'Unknown row or option.');
      return { questionId: question.id, keys: rows.map((r) => `${r.rowId}:${r.optionId}`) };
    }
  }
}

export function checkAnswers(questions: Question[], body: ResponseBody): CheckedAnswer[] {
  const byId = new Map(questions.map((q) => [q.id, q]));
  const seen = new Set<string>();
  const checked: CheckedAnswer[] = [];
  for (const answer of body.answers) {
    const question = byId.get(answer.questionId);
    if (!question) throw invalid(answer.questionId, 'No such question in this survey.');
    if (seen.has(question.id)) throw invalid(question.id, 'A question is answered once.');
    seen.add(question.id);
    checked.push(checkAnswer(question, answer));
  }
  for (const question of questions)
    if (question.required && !seen.has(question.id))
      throw invalid(question.id, 'This question must be answered.');
  if (checked.length === 0) throw fail.badRequest('invalid_answer', 'Answer at least one question.');
  return checked;
}

/** Fisher–Yates with a cryptographic source: the order reveals nothing. */
export function shuffled<T>(items: T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = randomBytes(4).readUInt32BE(0) % (i + 1);
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

/**
 * One response per person. The person is recorded in `survey_participants` (whether, never what);
 * the answers go into counters without a time, per group only where the group is at least the
 * minimum group size in the audience (else into the group '' that results show as "other"), and
 * free texts as rows with random ids. Non-anonymous surveys also keep the person's answers.
 */
export async function respond(ctx: AppContext, viewer: Viewer, id: number, body: ResponseBody) {
  const { row } = await loadVisible(ctx, viewer, id);
  const { db } = ctx.database;
  const audience = audienceOf(row);
  if (!(await repo.isInAudience(db, audience, viewer.id)))
    throw fail.forbidden('This survey is meant for other people.', 'not_in_audience');
  if (surveyState(row, ctx.clock.now()) !== 'open')
    throw fail.conflict('survey_not_open', 'This survey is not open for answers.');
  const checked = checkAnswers(questionsOf(row), body);
  const minimum = await repo.minGroupSize(db);
  const person = await repo.userGroups(db, viewer.id);
  const groupKey = async (column: 'department' | 'location') => {
    const value = person[column].trim();
    if (!value) return '';
    return (await repo.audienceCountWith(db, audience, column, person[column])) >= minimum ? value : '';
  };
  const dimensions = [
    { dimension: 'all', groupKey: '' },
    { dimension: 'department', groupKey: await groupKey('department') },
    { dimension: 'location', groupKey: await groupKey('location') },
  ];
  const keys: repo.CountKey[] = [];
  for (const { dimension, groupKey } of dimensions) {
    keys.push({ questionId: '', dimension, groupKey, answerKey: '' });
    for (const answer of checked)
      for (const answerKey of ['', ...answer.keys])
        keys.push({ questionId: answer.questionId, dimension, groupKey, answerKey });
  }
  await ctx.database.transaction(async (trx) => {
    await repo.lockSurvey(trx, id);
    if (!(await repo.markAnswered(trx, id, viewer.id)))
      throw fail.conflict('survey_answered', 'You have already answered this survey.');
    await repo.addCounts(trx, id, shuffled(keys));
    const texts = checked.flatMap((answer) =>
      answer.text === undefined
        ? []
        : [
            {
              id: randomBytes(16).toString('hex'),
              survey_id: id,
              question_id: answer.questionId,
              text: answer.text,
            },
          ],
    );
    await repo.storeAnonymously(trx, id, texts, shuffled);
    if (row.anonymous !== 1)
      await repo.insertResponse(trx, {
        survey_id: id,
        user_id: viewer.id,
        answers: JSON.stringify(body.answers),
        created_at: isoNow(ctx.clock),
      });
  });
  return { answered: true as const };
}
