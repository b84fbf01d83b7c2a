import { expect } from 'vitest';
import type { TestClient } from './client.js';

export async function createSpace(
  client: TestClient,
  fields: { name?: string; visibility?: 'public' | 'private' | 'secret'; description?: string } = {},
) {
  const response = await client.post('/api/v1/spaces', {
    name: fields.name ?? `Space ${Math.random().toString(36).slice(2, 7)}`,
    visibility: fields.visibility ?? 'public',
    description: fields.description ?? '',
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as { id: number; name: string };
}

export async function post(client: TestClient, spaceId: number, body: string, attachments: string[] = []) {
  const response = await client.post(`/api/v1/spaces/${spaceId}/posts`, { body, attachments });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as { id: number; html: string };
}

/** Adds `member` to a space the way people do it: invitation by a space admin, accepted by the member. */
export async function addToSpace(admin: TestClient, member: TestClient, userId: number, spaceId: number) {
  expect((await admin.post(`/api/v1/spaces/${spaceId}/members`, { userId })).status).toBe(200);
  const accepted = await member.post(`/api/v1/spaces/${spaceId}/members`, {});
  expect(accepted.body.membership?.status).toBe('member');
}
