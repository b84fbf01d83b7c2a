import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CreatedWebhook,
  Webhook,
  WebhookDelivery,
  WebhookEventType,
} from '../../../shared/api/webhooks';
import { api } from '../../lib/api';

/** The webhooks API of the admin page: calls and query keys in one place. */
export const webhookKeys = {
  all: ['admin', 'webhooks'] as const,
  deliveries: (id: number) => ['admin', 'webhooks', id, 'deliveries'] as const,
};

/** The event types a webhook can subscribe to (the server's list in shared/api/webhooks.ts). */
export const webhookEventTypes: readonly WebhookEventType[] = [
  'content.created',
  'content.updated',
  'content.deleted',
  'comment.created',
  'reaction.added',
  'article.published',
  'user.created',
  'user.deactivated',
  'space.created',
];

export function useWebhooks() {
  return useQuery({
    queryKey: webhookKeys.all,
    queryFn: () => api<{ items: Webhook[] }>('GET', '/api/v1/admin/webhooks'),
  });
}

export function useDeliveries(id: number, enabled: boolean) {
  return useQuery({
    queryKey: webhookKeys.deliveries(id),
    queryFn: () =>
      api<{ items: WebhookDelivery[]; nextCursor: string | null }>(
        'GET',
        `/api/v1/admin/webhooks/${id}/deliveries?limit=20`,
      ),
    enabled,
  });
}

export function useCreateWebhook() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { url: string; events: string[]; description: string }) =>
      api<CreatedWebhook>('POST', '/api/v1/admin/webhooks', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: webhookKeys.all }),
  });
}

export function useDeleteWebhook() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api('DELETE', `/api/v1/admin/webhooks/${id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: webhookKeys.all }),
  });
}
