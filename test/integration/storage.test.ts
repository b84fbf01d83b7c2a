import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3Storage } from '../../src/server/storage/s3.js';
import { localStorage, type Storage } from '../../src/server/storage/storage.js';
import { setUpOrganisation, startTestApp } from '../helpers/app.js';

/** A real S3-compatible server (s3rver) on a local port, so the S3 storage is tested over the wire. */
let server: S3rver;
let endpoint: string;
const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

beforeAll(async () => {
  server = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory: fs.mkdtempSync(path.join(os.tmpdir(), 'kantine-s3-')),
  });
  const { port } = await server.run();
  endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({ endpoint, region: 'eu-central-1', forcePathStyle: true, credentials });
  await client.send(new CreateBucketCommand({ Bucket: 'kantine' }));
});
afterAll(() => server?.close());

const implementations: Array<[string, () => Storage]> = [
  ['data directory', () => localStorage(fs.mkdtempSync(path.join(os.tmpdir(), 'kantine-files-')))],
  [
    'S3 bucket',
    () =>
      s3Storage({
        bucket: 'kantine',
        endpoint,
        region: 'eu-central-1',
        ...credentials,
        prefix: 'test/',
        forcePathStyle: true,
      }),
  ],
];

describe.each(implementations)('storage in the %s', (_name, make) => {
  it('stores, reads, overwrites and deletes bytes by key', async () => {
    const storage = make();
    expect(await storage.get('uploads/ab/missing')).toBeNull();
    await storage.put('uploads/ab/file1', Buffer.from('erste Fassung'));
    expect((await storage.get('uploads/ab/file1'))?.toString()).toBe('erste Fassung');
    await storage.put('uploads/ab/file1', Buffer.from('zweite Fassung'));
    expect((await storage.get('uploads/ab/file1'))?.toString()).toBe('zweite Fassung');
    await storage.delete('uploads/ab/file1');
    expect(await storage.get('uploads/ab/file1')).toBeNull();
    await storage.delete('uploads/ab/file1');
  });
});

describe('Kantine configured with an S3 bucket', () => {
  it('keeps avatars and library files in the bucket, not on disk', async () => {
    const test = await startTestApp({
      env: {
        KANTINE_S3_BUCKET: 'kantine',
        KANTINE_S3_ENDPOINT: endpoint,
        KANTINE_S3_REGION: 'eu-central-1',
        KANTINE_S3_ACCESS_KEY_ID: credentials.accessKeyId,
        KANTINE_S3_SECRET_ACCESS_KEY: credentials.secretAccessKey,
        KANTINE_S3_PREFIX: 'app/',
      },
    });
    try {
      const { admin } = await setUpOrganisation(test);
      const photo = await sharp({ create: { width: 300, height: 300, channels: 3, background: '#884422' } })
        .png()
        .toBuffer();
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(photo)], { type: 'image/png' }), 'me.png');
      const me = await admin.request('PUT', '/api/v1/me/avatar', { form });
      expect(me.status).toBe(200);
      expect((await admin.get(me.body.avatarUrl)).status).toBe(200);
      const space = (await admin.get('/api/v1/spaces?mine=true')).body.items[0];
      const doc = new FormData();
      doc.append('file', new Blob(['Protokoll der Sitzung'], { type: 'text/plain' }), 'protokoll.txt');
      const file = await admin.request('POST', `/api/v1/spaces/${space.id}/files`, { form: doc });
      expect(file.status).toBe(201);
      expect((await admin.get(file.body.url)).body).toBe('Protokoll der Sitzung');

      const client = new S3Client({ endpoint, region: 'eu-central-1', forcePathStyle: true, credentials });
      const objects = await client.send(new ListObjectsV2Command({ Bucket: 'kantine', Prefix: 'app/' }));
      const keys = (objects.Contents ?? []).map((object) => object.Key ?? '');
      expect(keys.some((key) => key.startsWith('app/avatars/'))).toBe(true);
      expect(keys.some((key) => key.startsWith('app/uploads/'))).toBe(true);
      expect(fs.existsSync(path.join(test.database.dataDir, 'files'))).toBe(false);
    } finally {
      await test.close();
    }
  });

  it('names the missing credentials when a bucket is configured without them', async () => {
    const { loadConfig } = await import('../../src/server/config.js');
    expect(() => loadConfig({ KANTINE_S3_BUCKET: 'kantine' })).toThrow(/KANTINE_S3_ACCESS_KEY_ID/);
  });
});
