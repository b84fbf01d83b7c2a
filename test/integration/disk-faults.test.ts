import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUpOrganisation, startTestApp, type TestApp } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';
import { testDialect } from '../helpers/database.js';
import { tinyDisk } from '../helpers/faults.js';

function textUpload(bytes: number) {
  const form = new FormData();
  form.append('file', new Blob([Buffer.alloc(bytes, 'a')], { type: 'text/plain' }), 'notizen.txt');
  return form;
}

describe('uploads on a full or read-only disk', () => {
  let disk: Awaited<ReturnType<typeof tinyDisk>>;
  let test: TestApp;
  let admin: TestClient;
  beforeAll(async () => {
    disk = await tinyDisk(1);
    // The database stays where it is; the data directory (uploads) is the tiny disk.
    test = await startTestApp({ env: { KANTINE_DATA_DIR: disk.dir } });
    ({ admin } = await setUpOrganisation(test));
  });
  afterAll(async () => {
    await test?.close();
    await disk?.unmount();
  });

  it('answers 507 with a message when the file does not fit, and leaves no partial file behind', async () => {
    expect((await test.client().get('/api/health/ready')).status).toBe(200);
    const tooBig = await admin.request('POST', '/api/v1/uploads', { form: textUpload(1536 * 1024) });
    expect(tooBig.status).toBe(507);
    expect(tooBig.body.error).toMatchObject({ code: 'storage_full' });
    expect(tooBig.body.error.message).toMatch(/space/);
    expect(disk.temporaryFiles()).toEqual([]);
    // The space the partial file took is free again: small files still fit.
    expect((await admin.request('POST', '/api/v1/uploads', { form: textUpload(1000) })).status).toBe(201);
  });

  it('reports storage as failing in readiness while the disk is full or read-only', async () => {
    disk.fill();
    try {
      const full = await test.client().get('/api/health/ready');
      expect(full.status).toBe(503);
      expect(full.body).toMatchObject({
        status: 'unavailable',
        storage: 'down',
        database: 'ok',
        failing: ['storage'],
      });
      const upload = await admin.request('POST', '/api/v1/uploads', { form: textUpload(1000) });
      expect(upload.status).toBe(507);
    } finally {
      disk.free();
    }
    expect(disk.temporaryFiles()).toEqual([]);
    expect((await test.client().get('/api/health/ready')).status).toBe(200);

    disk.readOnly(true);
    try {
      const readOnly = await test.client().get('/api/health/ready');
      expect(readOnly.status).toBe(503);
      expect(readOnly.body.failing).toEqual(['storage']);
      const upload = await admin.request('POST', '/api/v1/uploads', { form: textUpload(1000) });
      expect(upload.status).toBe(503);
      expect(upload.body.error.code).toBe('storage_unavailable');
    } finally {
      disk.readOnly(false);
    }
    expect((await test.client().get('/api/health/ready')).body).toMatchObject({
      status: 'ok',
      storage: 'ok',
    });
  });
});

if (testDialect === 'sqlite') {
  describe('the SQLite database on a full disk', () => {
    let disk: Awaited<ReturnType<typeof tinyDisk>>;
    let test: TestApp;
    let admin: TestClient;
    beforeAll(async () => {
      disk = await tinyDisk(8);
      test = await startTestApp({
        databaseTarget: () => ({ kind: 'sqlite', file: path.join(disk.dir, 'kantine.db') }),
      });
      ({ admin } = await setUpOrganisation(test));
    });
    afterAll(async () => {
      await test?.close();
      await disk?.unmount();
    });

    it('answers 507 (the real cause, not "cannot rollback"), says so in readiness, and writes again once there is space', async () => {
      const spaceId = (await admin.get('/api/v1/spaces?mine=true')).body.items[0].id;
      disk.fill();
      try {
        let refused: { status: number; body: { error: { code: string } } } | undefined;
        // A page or two may still fit; a few long posts exhaust them.
        for (let attempt = 0; attempt < 20 && !refused; attempt++) {
          const response = await admin.post(`/api/v1/spaces/${spaceId}/posts`, { body: 'x'.repeat(9000) });
          if (response.status !== 201) refused = response;
        }
        expect(refused?.status).toBe(507);
        expect(refused?.body.error.code).toBe('storage_full');
        const ready = await test.client().get('/api/health/ready');
        expect(ready.status).toBe(503);
        expect(ready.body.failing).toContain('database');
      } finally {
        disk.free();
      }
      expect(
        (await admin.post(`/api/v1/spaces/${spaceId}/posts`, { body: 'Platz ist wieder da' })).status,
      ).toBe(201);
      expect((await test.client().get('/api/health/ready')).status).toBe(200);
    });
  });
}
