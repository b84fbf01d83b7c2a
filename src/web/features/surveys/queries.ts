import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  CreateSurveyBody,
  ResponseBody,
  Survey,
  SurveyResults,
  surveyTemplates,
  UpdateSurveyBody,
} from '../../../shared/api/surveys';
import { api } from '../../lib/api';

/** Surveys' API calls and query keys in one place. */

export const surveyKeys = {
  all: ['surveys'] as const,
  list: ['surveys', 'list'] as const,
  one: (id: number) => ['surveys', 'one', id] as const,
  results: (id: number, groupBy: string) => ['surveys', 'results', id, groupBy] as const,
  templates: (locale: string) => ['surveys', 'templates', locale] as const,
};

export type SurveyTemplates = z.infer<typeof surveyTemplates>;

const groupQuery = (groupBy: string) => (groupBy ? `?groupBy=${encodeURIComponent(groupBy)}` : '');

export const surveysApi = {
  list: () => api<{ items: Survey[]; mayCreate: boolean }>('GET', '/api/v1/surveys'),
  get: (id: number) => api<Survey>('GET', `/api/v1/surveys/${id}`),
  /** Results, optionally per department or location (`groupBy`, '' for none). */
  results: (id: number, groupBy: string) =>
    api<SurveyResults>('GET', `/api/v1/surveys/${id}/results${groupQuery(groupBy)}`),
  /** Where the browser downloads the results as a spreadsheet (a plain link, not a fetch). */
  exportUrl: (id: number, format: 'csv' | 'xlsx', groupBy: string) =>
    `/api/v1/surveys/${id}/results.${format}${groupQuery(groupBy)}`,
  templates: (locale: 'de' | 'en') =>
    api<SurveyTemplates>('GET', `/api/v1/surveys/templates?locale=${locale}`),
  create: (survey: CreateSurveyBody, idempotencyKey: string) =>
    api<Survey>('POST', '/api/v1/surveys', survey, { idempotencyKey }),
  update: (id: number, changes: UpdateSurveyBody) => api<Survey>('PATCH', `/api/v1/surveys/${id}`, changes),
  respond: (id: number, answers: ResponseBody['answers']) =>
    api<unknown>('POST', `/api/v1/surveys/${id}/responses`, { answers }),
};

export function useSurveys() {
  return useQuery({ queryKey: surveyKeys.list, queryFn: () => surveysApi.list() });
}

export function useSurvey(id: number) {
  return useQuery({ queryKey: surveyKeys.one(id), queryFn: () => surveysApi.get(id) });
}

export function useSurveyResults(id: number, groupBy: string) {
  return useQuery({
    queryKey: surveyKeys.results(id, groupBy),
    queryFn: () => surveysApi.results(id, groupBy),
  });
}
