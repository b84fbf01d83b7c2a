import type { FediverseStatus } from '../../../shared/api/fediverse';
import { api } from '../../lib/api';

/** The newsroom's Fediverse status: API call and query key in one place. */

export const fediverseKeys = {
  status: ['newsroom', 'fediverse'] as const,
};

export const fediverseApi = {
  status: () => api<FediverseStatus>('GET', '/api/v1/newsroom/fediverse'),
};
