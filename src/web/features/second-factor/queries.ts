import { useQuery } from '@tanstack/react-query';
import type { SecondFactorStatus } from '../../../shared/api/second-factor';
import { api } from '../../lib/api';

export const secondFactorKey = ['me', 'second-factor'] as const;

export function useSecondFactorStatus() {
  return useQuery({
    queryKey: secondFactorKey,
    queryFn: () => api<SecondFactorStatus>('GET', '/api/v1/me/second-factor'),
  });
}
