import sharp from 'sharp';
import { expect } from 'vitest';
import type { TestClient } from './client.js';

/** Uploads a small image the way the editor does (optionally with its rights already set). */
export async function uploadImage(
  client: TestClient,
  rights?: { creator: string; source: string; licence: string },
) {
  const bytes = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#c0ffee' } })
    .png()
    .toBuffer();
  const data = new FormData();
  data.append('file', new Blob([new Uint8Array(bytes)], { type: 'image/png' }), 'cover.png');
  const upload = await client.request('POST', '/api/v1/uploads', { form: data });
  expect(upload.status).toBe(201);
  if (rights) await setRights(client, upload.body.id, rights);
  return upload.body.id as string;
}

export async function setRights(
  client: TestClient,
  fileId: string,
  rights: { creator: string; source: string; licence: string },
) {
  const response = await client.patch(`/api/v1/files/${fileId}`, rights);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
}

export const goodRights = {
  creator: 'Anna Fotografin',
  source: 'https://fotos.example/42',
  licence: 'CC BY 4.0',
};
