import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import { publishDue } from '../../src/server/modules/articles/publishing.service.js';
import { checkStorage } from '../../src/server/modules/uploads/fsck.service.js';
import { sweepUnattached } from '../../src/server/modules/uploads/uploads.sweeper.js';
import { createMember, drainOutbox, setUpOrganisation, startTestApp, type TestApp } from '../helpers/app.js';
import { uploadImage } from '../helpers/articles.js';
import type { TestClient } from '../helpers/client.js';
import { createSpace, post } from '../helpers/stream.js';

function form(bytes: Buffer | Uint8Array, filename: string, type: string) {
  const data = new FormData();
  data.append('file', new Blob([new Uint8Array(bytes)], { type }), filename);
  return data;
}

/** A .docx bomb: about 25 KB zipped, 100,000 paragraphs once expanded. */
async function docxBomb() {
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  );
  zip.file(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
  );
  const paragraph =
    '<w:p><w:r><w:t>Sehr viel Text in sehr vielen Absätzen, immer wieder derselbe.</w:t></w:r></w:p>';
  zip.file(
    'word/document.xml',
    `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${paragraph.repeat(100_000)}</w:body></w:document>`,
  );
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
}

describe('outbox effects', () => {
  let test: TestApp;
  let admin: TestClient;
  let editor: Awaited<ReturnType<typeof createMember>>;
  let member: Awaited<ReturnType<typeof createMember>>;

  beforeAll(async () => {
    test = await startTestApp();
    ({ admin } = await setUpOrganisation(test));
    editor = await createMember(test, admin, { name: 'Erika Editor', role: 'editor' });
    member = await createMember(test, admin, { name: 'Mia Mitglied' });
  });
  afterAll(() => test.close());

  const mustReadNotes = async (contentId: number) =>
    (await member.client.get('/api/v1/notifications')).body.items.filter(
      (n: { contentId: number; type: string }) => n.contentId === contentId && n.type === 'must_read',
    );

  it('publishes once when two editors and the scheduler race, and notifies once', async () => {
    const draft = await editor.client.post('/api/v1/articles', {
      title: 'Wettlauf',
      body: 'Wer zuerst?',
      mustRead: {},
    });
    const results = await Promise.all([
      editor.client.post(`/api/v1/articles/${draft.body.id}/publish`, {}),
      admin.post(`/api/v1/articles/${draft.body.id}/publish`, {}),
      editor.client.post(`/api/v1/articles/${draft.body.id}/publish`, {}),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    await drainOutbox(test);
    expect(await mustReadNotes(draft.body.id)).toHaveLength(1);

    // Manual publish against the scheduler of a second node on the same database.
    const scheduled = await editor.client.post('/api/v1/articles', {
      title: 'Geplant',
      body: 'Bald.',
      mustRead: {},
    });
    const at = new Date(test.clock.now().getTime() + 60_000).toISOString();
    await editor.client.post(`/api/v1/articles/${scheduled.body.id}/publish`, { at });
    const config = loadConfig({
      KANTINE_DATA_DIR: test.database.dataDir,
      KANTINE_LOG_LEVEL: 'warn',
      KANTINE_SCHEDULER_SECONDS: '0',
    });
    config.database = test.database.target;
    const second = await buildApp(config, { clock: test.clock, webRoot: '/nonexistent' });
    try {
      test.clock.advance(120_000);
      const [manual, byScheduler] = await Promise.all([
        editor.client.post(`/api/v1/articles/${scheduled.body.id}/publish`, {}),
        publishDue(second.kantine),
      ]);
      expect(Number(manual.status === 200) + byScheduler.length).toBe(1);
    } finally {
      await second.close();
    }
    await drainOutbox(test);
    expect(await mustReadNotes(scheduled.body.id)).toHaveLength(1);
  });

  it('deletes the bytes of deleted posts, files with their versions, and spaces', async () => {
    const { storage } = test.app.kantine;
    const { db } = test.app.kantine.database;
    const keysOf = async (fileId: string) => {
      const file = await db
        .selectFrom('files')
        .selectAll()
        .where('id', '=', fileId)
        .executeTakeFirstOrThrow();
      const versions = await db
        .selectFrom('file_versions')
        .select('storage_key')
        .where('file_id', '=', fileId)
        .execute();
      return [file.storage_key, file.thumbnail_key, ...versions.map((v) => v.storage_key)].filter(
        (key): key is string => key !== null,
      );
    };
    const stored = async (keys: string[]) =>
      (await Promise.all(keys.map((key) => storage.get(key)))).filter((bytes) => bytes !== null).length;

    const space = await createSpace(member.client);
    const imageId = await uploadImage(member.client);
    const withImage = await post(member.client, space.id, 'Mit Bild', [imageId]);
    const imageKeys = await keysOf(imageId);
    expect(await stored(imageKeys)).toBe(2);
    expect((await member.client.delete(`/api/v1/content/${withImage.id}`)).status).toBe(204);
    await drainOutbox(test);
    expect(await stored(imageKeys)).toBe(0);

    const upload = await member.client.request('POST', `/api/v1/spaces/${space.id}/files`, {
      form: form(Buffer.from('Version 1'), 'plan.txt', 'text/plain'),
    });
    expect(upload.status).toBe(201);
    const versioned = await member.client.request('POST', `/api/v1/files/${upload.body.id}/versions`, {
      form: form(Buffer.from('Version 2'), 'plan.txt', 'text/plain'),
    });
    expect(versioned.status).toBe(201);
    const fileKeys = await keysOf(upload.body.id);
    expect(await stored(fileKeys)).toBe(2);
    expect((await member.client.delete(`/api/v1/files/${upload.body.id}`)).status).toBe(204);
    await drainOutbox(test);
    expect(await stored(fileKeys)).toBe(0);

    const inSpace = await member.client.request('POST', `/api/v1/spaces/${space.id}/files`, {
      form: form(Buffer.from('Bleibt nicht'), 'weg.txt', 'text/plain'),
    });
    const spaceKeys = await keysOf(inSpace.body.id);
    expect(await stored(spaceKeys)).toBe(1);
    expect((await member.client.delete(`/api/v1/spaces/${space.id}`)).status).toBe(204);
    await drainOutbox(test);
    expect(await stored(spaceKeys)).toBe(0);
  });

  it('sweeps uploads never attached within a day, and fsck finds bytes without rows and rows without bytes', async () => {
    const { storage } = test.app.kantine;
    const { db } = test.app.kantine.database;
    const forgotten = await uploadImage(member.client);
    const attachedLater = await uploadImage(member.client);
    const space = await createSpace(member.client);
    await post(member.client, space.id, 'Angehängt', [attachedLater]);
    const forgottenRow = await db
      .selectFrom('files')
      .selectAll()
      .where('id', '=', forgotten)
      .executeTakeFirstOrThrow();

    expect(await sweepUnattached(test.app.kantine)).toBe(0);
    test.clock.advance(25 * 60 * 60 * 1000);
    expect(await sweepUnattached(test.app.kantine)).toBe(1);
    await drainOutbox(test);
    expect(
      await db.selectFrom('files').select('id').where('id', '=', forgotten).executeTakeFirst(),
    ).toBeUndefined();
    expect(
      await db.selectFrom('files').select('id').where('id', '=', attachedLater).executeTakeFirst(),
    ).toBeDefined();
    expect(await storage.get(forgottenRow.storage_key)).toBeNull();

    expect(await checkStorage(test.app.kantine)).toMatchObject({ missing: [], orphaned: [] });
    await storage.put('uploads/zz/stray-bytes', Buffer.from('nobody owns me'));
    const attachedRow = await db
      .selectFrom('files')
      .selectAll()
      .where('id', '=', attachedLater)
      .executeTakeFirstOrThrow();
    await storage.delete(attachedRow.storage_key);
    const report = await checkStorage(test.app.kantine);
    expect(report.orphaned).toEqual(['uploads/zz/stray-bytes']);
    expect(report.missing).toEqual([attachedRow.storage_key]);
  });
});

describe('document text extraction', () => {
  let test: TestApp;
  let member: Awaited<ReturnType<typeof createMember>>;
  beforeAll(async () => {
    // The production cap on how long a request waits for its own events.
    test = await startTestApp({ env: { KANTINE_OUTBOX_AWAIT_MS: '200' } });
    const { admin } = await setUpOrganisation(test);
    member = await createMember(test, admin);
  });
  afterAll(() => test.close());

  it('extracts document text off the event loop: a .docx bomb uploads fast and is marked not indexed', async () => {
    const space = await createSpace(member.client);
    const bomb = await docxBomb();
    expect(bomb.length).toBeLessThan(40_000);
    const health: number[] = [];
    let uploading = true;
    const probe = (async () => {
      while (uploading) {
        const started = performance.now();
        expect((await fetch(`${test.baseUrl}/api/health`)).status).toBe(200);
        health.push(performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    })();
    const started = performance.now();
    const upload = await member.client.request('POST', `/api/v1/spaces/${space.id}/files`, {
      form: form(
        bomb,
        'bombe.docx',
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      ),
    });
    const requestMs = performance.now() - started;
    expect(upload.status).toBe(201);
    expect(requestMs).toBeLessThan(1000);
    await drainOutbox(test, 60_000);
    uploading = false;
    await probe;
    expect(health.length).toBeGreaterThan(0);
    expect(Math.max(...health)).toBeLessThan(1000);
    const file = await member.client.get(`/api/v1/files/${upload.body.id}`);
    expect(file.body.textState).toBe('too_large');

    // An ordinary document is still indexed.
    const normal = await member.client.request('POST', `/api/v1/spaces/${space.id}/files`, {
      form: form(Buffer.from('Kantinenplan mit Linsensuppe'), 'plan.txt', 'text/plain'),
    });
    await drainOutbox(test);
    expect((await member.client.get(`/api/v1/files/${normal.body.id}`)).body.textState).toBe('indexed');
    const found = await member.client.get('/api/v1/search?q=Linsensuppe');
    expect(
      found.body.items.some(
        (hit: { id: string }) =>
          String(hit.id).includes(normal.body.id) || JSON.stringify(hit).includes(normal.body.id),
      ),
    ).toBe(true);
  });
});
