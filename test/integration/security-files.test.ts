import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, setUpOrganisation, startTestApp, type TestApp } from '../helpers/app.js';
import { goodRights, setRights } from '../helpers/articles.js';
import type { TestClient } from '../helpers/client.js';
import { addToSpace, createSpace } from '../helpers/stream.js';

function form(bytes: Buffer | Uint8Array, filename: string, type: string) {
  const data = new FormData();
  data.append('file', new Blob([new Uint8Array(bytes)], { type }), filename);
  return data;
}

const png = () =>
  sharp({ create: { width: 40, height: 30, channels: 3, background: '#123456' } })
    .png()
    .toBuffer();

/** Issue 11, security 1: a space library file never escapes its space through an attachment. */
describe('library files stay in their space', () => {
  let test: TestApp;
  let admin: TestClient;
  let insider: Awaited<ReturnType<typeof createMember>>;
  let other: Awaited<ReturnType<typeof createMember>>;
  let editor: Awaited<ReturnType<typeof createMember>>;
  let secretSpace: { id: number };
  let libraryFileId: string;
  let libraryImageId: string;

  beforeAll(async () => {
    test = await startTestApp({ env: { KANTINE_SCHEDULER_SECONDS: '0' } });
    ({ admin } = await setUpOrganisation(test));
    insider = await createMember(test, admin, { name: 'Ines Insider', role: 'editor' });
    other = await createMember(test, admin, { name: 'Otto Other' });
    editor = await createMember(test, admin, { name: 'Erik Editor', role: 'editor' });
    secretSpace = await createSpace(admin, { name: 'Geheimprojekt', visibility: 'secret' });
    await addToSpace(admin, insider.client, insider.user.id, secretSpace.id);
    const text = await insider.client.request('POST', `/api/v1/spaces/${secretSpace.id}/files`, {
      form: form(Buffer.from('Gehaltsliste\n'), 'gehalt.txt', 'text/plain'),
    });
    expect(text.status).toBe(201);
    libraryFileId = text.body.id;
    const image = await insider.client.request('POST', `/api/v1/spaces/${secretSpace.id}/files`, {
      form: form(await png(), 'plan.png', 'image/png'),
    });
    expect(image.status).toBe(201);
    libraryImageId = image.body.id;
    await setRights(insider.client, libraryImageId, goodRights);
  });
  afterAll(() => test.close());

  it('refuses a library file as a post attachment, on a profile and in a space', async () => {
    const onProfile = await insider.client.post(`/api/v1/users/${insider.user.id}/posts`, {
      body: 'Schaut mal',
      attachments: [libraryFileId],
    });
    expect(onProfile.status).toBe(400);
    expect(onProfile.body.error.code).toBe('invalid_attachment');
    const inSpace = await insider.client.post(`/api/v1/spaces/${secretSpace.id}/posts`, {
      body: 'Auch hier nicht',
      attachments: [libraryFileId],
    });
    expect(inSpace.status).toBe(400);
    // Changing a post to carry it is refused too, and nothing changed.
    const plain = await insider.client.post(`/api/v1/users/${insider.user.id}/posts`, { body: 'Hallo' });
    expect(plain.status).toBe(201);
    const edited = await insider.client.patch(`/api/v1/content/${plain.body.id}`, {
      body: 'Hallo',
      attachments: [libraryFileId],
    });
    expect(edited.status).toBe(400);
    expect((await other.client.get(`/api/v1/files/${libraryFileId}/download`)).status).toBe(404);
    expect((await other.client.get(`/api/v1/files/${libraryFileId}`)).status).toBe(404);
  });

  it("refuses someone else's upload as an attachment", async () => {
    const upload = await insider.client.request('POST', '/api/v1/uploads', {
      form: form(Buffer.from('notiz\n'), 'notiz.txt', 'text/plain'),
    });
    expect(upload.status).toBe(201);
    const stolen = await other.client.post(`/api/v1/users/${other.user.id}/posts`, {
      body: 'Fremder Anhang',
      attachments: [upload.body.id],
    });
    expect(stolen.status).toBe(400);
    expect(stolen.body.error.code).toBe('invalid_attachment');
  });

  it('refuses a library image as an article cover or inline image; the newsroom never serves it', async () => {
    const cover = await insider.client.post('/api/v1/articles', {
      title: 'Mit Bibliotheksbild',
      body: 'Text',
      coverImageId: libraryImageId,
      isPublic: true,
    });
    expect(cover.status).toBe(400);
    expect(cover.body.error.code).toBe('invalid_image');
    const inline = await insider.client.post('/api/v1/articles', {
      title: 'Mit Bild im Text',
      body: `Hier: ![Plan](/api/v1/files/${libraryImageId}/download)`,
      isPublic: true,
    });
    expect(inline.status).toBe(400);
    expect((await test.client().get(`/news/media/${libraryImageId}`)).status).toBe(404);
  });

  it('serves on /news/media only images uploaded for a published public article', async () => {
    const upload = await editor.client.request('POST', '/api/v1/uploads', {
      form: form(await png(), 'titel.png', 'image/png'),
    });
    await setRights(editor.client, upload.body.id, goodRights);
    const created = await editor.client.post('/api/v1/articles', {
      title: 'Öffentlich',
      body: 'Text',
      coverImageId: upload.body.id,
      isPublic: true,
    });
    expect(created.status).toBe(201);
    expect((await test.client().get(`/news/media/${upload.body.id}`)).status).toBe(404);
    expect((await editor.client.post(`/api/v1/articles/${created.body.id}/publish`, {})).status).toBe(200);
    expect((await test.client().get(`/news/media/${upload.body.id}`)).status).toBe(200);
  });

  it('keeps a library file that an old post still points at: it follows its space, and deleting the post keeps it', async () => {
    // The state an installation may be in from before the fix: the library file attached to a post.
    const postId = (await insider.client.post(`/api/v1/users/${insider.user.id}/posts`, { body: 'Alt' })).body
      .id as number;
    await test.app.kantine.database.db
      .updateTable('files')
      .set({ content_id: postId })
      .where('id', '=', libraryFileId)
      .execute();
    expect((await other.client.get(`/api/v1/files/${libraryFileId}/download`)).status).toBe(404);
    expect((await other.client.get(`/api/v1/files/${libraryFileId}`)).status).toBe(404);
    expect((await insider.client.delete(`/api/v1/content/${postId}`)).status).toBe(204);
    const still = await insider.client.get(`/api/v1/files/${libraryFileId}/download`);
    expect(still.status).toBe(200);
    expect(String(still.body)).toContain('Gehaltsliste');
  });

  it('library files follow their space, not their uploader: a former member loses them', async () => {
    expect((await insider.client.get(`/api/v1/files/${libraryFileId}`)).status).toBe(200);
    expect(
      (await insider.client.delete(`/api/v1/spaces/${secretSpace.id}/members/${insider.user.id}`)).status,
    ).toBeLessThan(300);
    expect((await insider.client.get(`/api/v1/files/${libraryFileId}/download`)).status).toBe(404);
    expect((await admin.get(`/api/v1/files/${libraryFileId}/download`)).status).toBe(200);
  });
});
