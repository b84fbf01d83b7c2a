import type { Question, QuestionResult, SurveyResults } from '../../../shared/api/surveys.js';
import type { AppContext } from '../../context.js';
import type { Viewer } from '../../http/viewer.js';
import { shuffled } from './responses.service.js';
import { questionsOf } from './surveys.presenter.js';
import * as repo from './surveys.repo.js';
import { loadManaged } from './surveys.service.js';

/** question id → answer key → count; the question '' with key '' holds the respondents. */
type Bucket = Map<string, Map<string, number>>;

const respondentsOf = (bucket: Bucket) => bucket.get('')?.get('') ?? 0;

function merge(buckets: Bucket[]): Bucket {
  const merged: Bucket = new Map();
  for (const bucket of buckets)
    for (const [questionId, counts] of bucket) {
      const target = merged.get(questionId) ?? new Map<string, number>();
      for (const [key, n] of counts) target.set(key, (target.get(key) ?? 0) + n);
      merged.set(questionId, target);
    }
  return merged;
}

function questionResult(question: Question, bucket: Bucket, texts: string[] | undefined): QuestionResult {
  const counts = bucket.get(question.id) ?? new Map<string, number>();
  const answered = counts.get('') ?? 0;
  const count = (key: string) => counts.get(key) ?? 0;
  const result: QuestionResult = { id: question.id, type: question.type, answered };
  if (question.type === 'single' || question.type === 'multiple')
    result.counts = Object.fromEntries((question.options ?? []).map((o) => [o.id, count(o.id)]));
  if (question.type === 'scale' || question.type === 'nps') {
    const distribution: Record<string, number> = {};
    let sum = 0;
    for (let v = question.min ?? 0; v <= (question.max ?? 10); v++) {
      distribution[String(v)] = count(String(v));
      sum += v * count(String(v));
    }
    result.distribution = distribution;
    result.mean = answered === 0 ? null : Math.round((sum / answered) * 100) / 100;
  }
  if (question.type === 'matrix')
    result.rows = (question.rows ?? []).map((r) => ({
      id: r.id,
      counts: Object.fromEntries((question.options ?? []).map((o) => [o.id, count(`${r.id}:${o.id}`)])),
    }));
  if (question.type === 'text' && texts) result.texts = texts;
  return result;
}

/**
 * Groups at or above the minimum are shown; the rest merge into `other`. While `other` holds
 * some people but fewer than the minimum, the smallest shown group joins it — otherwise "all"
 * minus the shown groups would describe those few people (the differencing attack). So `other`
 * is either empty (left out) or at least the minimum; below the minimum overall, nothing is shown.
 */
export function groupsAboveMinimum(groups: Array<{ key: string; bucket: Bucket }>, minimum: number) {
  const shown = groups
    .filter((g) => g.key !== '' && respondentsOf(g.bucket) >= minimum)
    .sort((a, b) => respondentsOf(a.bucket) - respondentsOf(b.bucket) || a.key.localeCompare(b.key));
  const small = groups.filter((g) => !shown.includes(g));
  let other = merge(small.map((g) => g.bucket));
  while (respondentsOf(other) > 0 && respondentsOf(other) < minimum && shown.length > 0) {
    const smallest = shown.shift() as (typeof shown)[number];
    other = merge([other, smallest.bucket]);
  }
  const result = shown.sort((a, b) => a.key.localeCompare(b.key));
  if (respondentsOf(other) >= minimum) result.push({ key: 'other', bucket: other });
  return result;
}

export async function results(
  ctx: AppContext,
  viewer: Viewer,
  id: number,
  groupBy: 'department' | 'location' | undefined,
): Promise<SurveyResults> {
  const row = await loadManaged(ctx, viewer, id);
  const { db } = ctx.database;
  const questions = questionsOf(row);
  const minimum = await repo.minGroupSize(db);
  const rows = await repo.counts(db, id, groupBy ? ['all', groupBy] : ['all']);
  const buckets = new Map<string, Bucket>();
  for (const r of rows) {
    const name = `${r.dimension}\u0000${r.group_key}`;
    const bucket = buckets.get(name) ?? new Map<string, Map<string, number>>();
    const counts = bucket.get(r.question_id) ?? new Map<string, number>();
    counts.set(r.answer_key, Number(r.count));
    bucket.set(r.question_id, counts);
    buckets.set(name, bucket);
  }
  const overall = buckets.get('all\u0000') ?? new Map();
  const respondents = respondentsOf(overall);
  const suppressed = respondents < minimum;
  const base = { surveyId: id, respondents, minGroupSize: minimum, suppressed, groupBy: groupBy ?? null };
  if (suppressed) return { ...base, questions: [], ...(groupBy ? { groups: [] } : {}) };
  const allTexts = await repo.texts(db, id);
  const textsOf = (questionId: string) =>
    shuffled(allTexts.filter((t) => t.question_id === questionId).map((t) => t.text));
  const result: SurveyResults = {
    ...base,
    questions: questions.map((q) =>
      questionResult(q, overall, q.type === 'text' ? textsOf(q.id) : undefined),
    ),
  };
  if (groupBy) {
    const groups = [...buckets]
      .filter(([name]) => name.startsWith(`${groupBy}\u0000`))
      .map(([name, bucket]) => ({ key: name.slice(groupBy.length + 1), bucket }));
    // Free texts are never grouped: wording can identify a person in a small group.
    result.groups = groupsAboveMinimum(groups, minimum).map((g) => ({
      key: g.key,
      respondents: respondentsOf(g.bucket),
      questions: questions.map((q) => questionResult(q, g.bucket, undefined)),
    }));
  }
  return result;
}

const csvCell = (value: string | number | null) => {
  if (value === null) return '';
  let text = String(value);
  // Spreadsheet programs run cells starting with these as formulas.
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r;]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/** The aggregates as rows: one per group, question and answer (never a person's answers). */
async function resultRows(
  ctx: AppContext,
  viewer: Viewer,
  id: number,
  groupBy: 'department' | 'location' | undefined,
) {
  const data = await results(ctx, viewer, id, groupBy);
  const row = await loadManaged(ctx, viewer, id);
  const questions = new Map(questionsOf(row).map((q) => [q.id, q]));
  const lines: Array<Array<string | number | null>> = [
    ['group', 'respondents', 'question', 'type', 'row', 'answer', 'count', 'mean'],
  ];
  const label = (list: Array<{ id: string; text: string }> | undefined, key: string) =>
    list?.find((c) => c.id === key)?.text ?? key;
  const emit = (group: string, respondents: number, list: QuestionResult[]) => {
    for (const r of list) {
      const q = questions.get(r.id);
      if (!q) continue;
      lines.push([group, respondents, q.text, q.type, null, null, r.answered, r.mean ?? null]);
      for (const [key, n] of Object.entries(r.counts ?? {}))
        lines.push([group, respondents, q.text, q.type, null, label(q.options, key), n, null]);
      for (const [key, n] of Object.entries(r.distribution ?? {}))
        lines.push([group, respondents, q.text, q.type, null, key, n, null]);
      for (const matrixRow of r.rows ?? [])
        for (const [key, n] of Object.entries(matrixRow.counts))
          lines.push([
            group,
            respondents,
            q.text,
            q.type,
            label(q.rows, matrixRow.id),
            label(q.options, key),
            n,
            null,
          ]);
    }
  };
  if (!data.suppressed) {
    emit('all', data.respondents, data.questions);
    for (const group of data.groups ?? []) emit(group.key, group.respondents, group.questions);
  }
  return lines;
}

export async function resultsCsv(
  ctx: AppContext,
  viewer: Viewer,
  id: number,
  groupBy: 'department' | 'location' | undefined,
) {
  const lines = await resultRows(ctx, viewer, id, groupBy);
  return `\ufeff${lines.map((line) => line.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** The same rows as an Excel workbook (exceljs; cells are values, never formulas). */
export async function resultsXlsx(
  ctx: AppContext,
  viewer: Viewer,
  id: number,
  groupBy: 'department' | 'location' | undefined,
) {
  const lines = await resultRows(ctx, viewer, id, groupBy);
  // Loaded on the first export, not at start (it costs ~0.25 s and ~30 MB).
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Results');
  for (const line of lines) sheet.addRow(line.map((cell) => cell ?? ''));
  sheet.getRow(1).font = { bold: true };
  sheet.columns.forEach((column) => {
    column.width = 18;
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
