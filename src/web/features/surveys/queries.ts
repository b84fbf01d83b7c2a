import { useQuery } from '@tanstack/react-query';
import type { Survey, SurveyResults } from '../../../shared/api/surveys';
import { api } from '../../lib/api';

export const surveyKeys = {
  all: ['surveys'] as const,
  list: ['surveys', 'list'] as const,
  one: (id: number) => ['surveys', 'one', id] as const,
  results: (id: number, groupBy: string) => ['surveys', 'results', id, groupBy] as const,
  templates: (locale: string) => ['surveys', 'templates', locale] as const,
};

export function useSurveys() {
  return useQuery({
    queryKey: surveyKeys.list,
    queryFn: () => api<{ items: Survey[]; mayCreate: boolean }>('GET', '/api/v1/surveys'),
  });
}

export function useSurvey(id: number) {
  return useQuery({
    queryKey: surveyKeys.one(id),
    queryFn: () => api<Survey>('GET', `/api/v1/surveys/${id}`),
  });
}

export function useSurveyResults(id: number, groupBy: string) {
  return useQuery({
    queryKey: surveyKeys.results(id, groupBy),
    queryFn: () =>
      api<SurveyResults>('GET', `/api/v1/surveys/${id}/results${groupBy ? `?groupBy=${groupBy}` : ''}`),
  });
}
