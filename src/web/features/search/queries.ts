import type { SearchPage, Suggestions } from '../../../shared/api/search';
import { api } from '../../lib/api';

/** Search's API calls and query keys in one place. */

export const searchKeys = {
  /** A results page for one set of filters (the page's URL search parameters). */
  results: (filters: object) => ['search', filters] as const,
  suggestions: (q: string) => ['suggest', q] as const,
};

export const searchApi = {
  /** `filters` as in the page's URL (q, type, space, …); empty values are left out. */
  results: (filters: Record<string, unknown>, cursor: string | null) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(filters)) if (value) params.set(key, String(value));
    return api<SearchPage>('GET', `/api/v1/search?${params}&limit=20${cursor ? `&cursor=${cursor}` : ''}`);
  },
  suggestions: (q: string) => api<Suggestions>('GET', `/api/v1/search/suggest?q=${encodeURIComponent(q)}`),
};
