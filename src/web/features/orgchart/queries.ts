import { api } from '../../lib/api';

/** The org chart's API call and query key in one place. */

/** One person in the chart with the people reporting to them (the server's `orgNode`). */
export interface OrgNode {
  id: number;
  name: string;
  title: string;
  department: string;
  avatarUrl: string | null;
  reports: OrgNode[];
}

export const orgChartKeys = {
  /** The tree below `rootId`, or from the top (`null`). */
  chart: (rootId: string | null) => ['org-chart', rootId] as const,
};

export const orgChartApi = {
  chart: (rootId: string | null) =>
    api<OrgNode>('GET', `/api/v1/org-chart${rootId ? `?rootId=${encodeURIComponent(rootId)}` : ''}`),
};
