import type { Audience, Question, Survey } from '../../../shared/api/surveys.js';
import { type SurveyState, surveyState } from './surveys.policy.js';
import type { SurveyRow } from './surveys.repo.js';

export const audienceOf = (row: SurveyRow) => JSON.parse(row.audience) as Audience;
export const questionsOf = (row: SurveyRow) => JSON.parse(row.questions) as Question[];

export function toSurvey(
  row: SurveyRow,
  now: Date,
  mine: { answered: boolean; inAudience: boolean; manage: boolean; respondents: number },
): Survey {
  const state: SurveyState = surveyState(row, now);
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    anonymous: row.anonymous === 1,
    audience: audienceOf(row),
    opensAt: row.opens_at,
    closesAt: row.closes_at,
    questions: questionsOf(row),
    state,
    answered: mine.answered,
    inAudience: mine.inAudience,
    respondents: mine.manage ? mine.respondents : null,
    permissions: { manage: mine.manage, answer: mine.inAudience && !mine.answered && state === 'open' },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
