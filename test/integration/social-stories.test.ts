import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, drainOutbox, setUpOrganisation, startTestApp, type TestApp } from '../helpers/app.js';
import { uploadImage } from '../helpers/articles.js';
import type { TestClient } from '../helpers/client.js';

const rights = { creator: 'Max Mitarbeiter', source: 'eigenes Foto', licence: 'alle Rechte bei der Firma' };

describe('social desk: stories and consents', () => {
  let test: TestApp;
  let admin: TestClient;
  let desk: { client: TestClient; user: { id: number } };
  let suggester: { client: TestClient; user: { id: number } };
  let colleague: { client: TestClient; user: { id: number } };
  let outsider: { client: TestClient; user: { id: number } };

  beforeAll(async () => {
    test = await startTestApp({ env: { KANTINE_SCHEDULER_SECONDS: '0' } });
    ({ admin } = await setUpOrganisation(test));
    desk = await createMember(test, admin, { name: 'Sonja Social' });
    suggester = await createMember(test, admin, { name: 'Max Mitarbeiter' });
    colleague = await createMember(test, admin, { name: 'Carla Kollegin' });
    outsider = await createMember(test, admin, { name: 'Olga Other' });
  });
  afterAll(() => test?.close());

  it('gives the desk right through the admin users PATCH and shows it in /me', async () => {
    expect((await admin.get('/api/v1/me')).body.permissions).toMatchObject({ socialMedia: true });
    expect((await desk.client.get('/api/v1/me')).body.permissions).toMatchObject({ socialMedia: false });
    expect((await desk.client.get('/api/v1/social/accounts')).body.error.code).toBe('not_social_desk');

    const refused = await desk.client.patch(`/api/v1/admin/users/${desk.user.id}`, { socialMedia: true });
    expect(refused.status).toBe(403);
    const given = await admin.patch(`/api/v1/admin/users/${desk.user.id}`, { socialMedia: true });
    expect(given.status).toBe(200);
    expect(given.body).toMatchObject({ id: desk.user.id, socialMedia: true });
    expect((await desk.client.get('/api/v1/me')).body.permissions).toMatchObject({ socialMedia: true });
    expect((await desk.client.get('/api/v1/social/accounts')).status).toBe(200);
    expect((await admin.patch('/api/v1/admin/users/999999', { socialMedia: true })).status).toBe(404);
    expect((await admin.patch(`/api/v1/admin/users/${desk.user.id}`, { socialMedia: 'yes' })).status).toBe(
      400,
    );
  });

  it('lets anyone suggest a story whose pictures only the suggester, the desk and pictured colleagues see', async () => {
    const fileId = await uploadImage(suggester.client);
    const created = await suggester.client.post('/api/v1/stories', {
      title: 'Unser Azubi-Team hat den Preis gewonnen',
      body: 'Gestern in Köln, mit Foto vom Team.',
      link: 'http://kantine.local/posts/12',
      pictures: [{ fileId, ...rights }],
    });
    expect(created.status).toBe(201);
    const story = created.body;
    expect(story).toMatchObject({
      state: 'new',
      author: { id: suggester.user.id },
      pictures: [{ fileId, ...rights }],
      consents: [],
      permissions: { triage: false, requestConsent: true },
    });
    await drainOutbox(test);
    const deskNotes = (await desk.client.get('/api/v1/notifications')).body.items;
    expect(deskNotes[0]).toMatchObject({ type: 'story_update', url: `/social/stories/${story.id}` });

    const picture = story.pictures[0].url;
    expect((await suggester.client.get(picture)).status).toBe(200);
    expect((await desk.client.get(picture)).status).toBe(200);
    expect((await outsider.client.get(picture)).status).toBe(404);
    expect((await colleague.client.get(picture)).status).toBe(404);
    // The upload itself is no back door.
    expect((await outsider.client.get(`/api/v1/files/${fileId}/download`)).status).toBe(404);
    expect((await outsider.client.get(`/api/v1/stories/${story.id}`)).status).toBe(404);

    // A picture used once cannot be used by another story, nor someone else's upload at all.
    const again = await suggester.client.post('/api/v1/stories', {
      title: 'Noch mal',
      pictures: [{ fileId, ...rights }],
    });
    expect(again.status).toBe(400);
    const foreign = await uploadImage(outsider.client);
    const stolen = await suggester.client.post('/api/v1/stories', {
      title: 'Fremd',
      pictures: [{ fileId: foreign, ...rights }],
    });
    expect(stolen.status).toBe(400);
    const noRights = await suggester.client.post('/api/v1/stories', {
      title: 'Ohne Rechte',
      pictures: [{ fileId: foreign, creator: '', source: 'x', licence: 'y' }],
    });
    expect(noRights.status).toBe(400);

    // The colleague is asked, sees the story and its picture, and answers in Kantine.
    const asked = await suggester.client.post(`/api/v1/stories/${story.id}/consents`, {
      fileId,
      personId: colleague.user.id,
    });
    expect(asked.status).toBe(201);
    const consent = asked.body.consents[0];
    expect(consent).toMatchObject({ person: { id: colleague.user.id }, state: 'requested', fileId });
    await drainOutbox(test);
    const colleagueNotes = (await colleague.client.get('/api/v1/notifications')).body.items;
    expect(colleagueNotes[0]).toMatchObject({
      type: 'story_consent_request',
      actor: { id: suggester.user.id },
      url: `/social/stories/${story.id}`,
    });
    expect((await colleague.client.get(picture)).status).toBe(200);
    const seen = await colleague.client.get('/api/v1/stories');
    expect(seen.body.items.map((s: { id: number }) => s.id)).toEqual([story.id]);
    expect(seen.body.items[0].permissions).toEqual({ triage: false, requestConsent: false });

    expect(
      (
        await outsider.client.post(`/api/v1/stories/${story.id}/consents/${consent.id}/answer`, {
          answer: 'confirmed',
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await suggester.client.post(`/api/v1/stories/${story.id}/consents/${consent.id}/answer`, {
          answer: 'confirmed',
        })
      ).status,
    ).toBe(403);
    const answered = await colleague.client.post(
      `/api/v1/stories/${story.id}/consents/${consent.id}/answer`,
      {
        answer: 'confirmed',
      },
    );
    expect(answered.status).toBe(200);
    expect(answered.body.consents[0].state).toBe('confirmed');
    const twice = await colleague.client.post(`/api/v1/stories/${story.id}/consents/${consent.id}/answer`, {
      answer: 'declined',
    });
    expect(twice.status).toBe(409);
    await drainOutbox(test);
    expect((await suggester.client.get('/api/v1/notifications')).body.items[0]).toMatchObject({
      type: 'story_consent_answer',
      actor: { id: colleague.user.id },
    });

    // An external person: a signed form is filed; only suggester and desk can fetch it.
    const form = await uploadImage(suggester.client);
    const filed = await suggester.client.post(`/api/v1/stories/${story.id}/consents`, {
      fileId,
      externalName: 'Erika Extern',
      formFileId: form,
    });
    expect(filed.status).toBe(201);
    const external = filed.body.consents[1];
    expect(external).toMatchObject({ externalName: 'Erika Extern', state: 'on_file', person: null });
    expect((await desk.client.get(external.formUrl)).status).toBe(200);
    expect(
      (await colleague.client.get(`/api/v1/stories/${story.id}/consents/${external.id}/form`)).status,
    ).toBe(404);
  });

  it('lets only the desk move a story on, telling the suggester with the note each time', async () => {
    const created = await suggester.client.post('/api/v1/stories', {
      title: 'Sommerfest 2027',
      body: 'Grillen!',
    });
    const id = created.body.id;
    const refused = await suggester.client.patch(`/api/v1/stories/${id}`, { state: 'planned' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('not_social_desk');

    const all = await desk.client.get('/api/v1/stories?state=new');
    expect(all.body.items.map((s: { id: number }) => s.id)).toContain(id);
    expect(all.body.items[0].permissions.triage).toBe(true);

    const planned = await desk.client.patch(`/api/v1/stories/${id}`, {
      state: 'planned',
      note: 'Passt gut in die Woche vor dem Fest.',
      plannedFor: '2026-12-03T10:00:00+01:00',
      campaign: 'Sommerfest',
    });
    expect(planned.status).toBe(200);
    expect(planned.body).toMatchObject({
      state: 'planned',
      note: 'Passt gut in die Woche vor dem Fest.',
      plannedFor: '2026-12-03T09:00:00.000Z',
      campaign: 'Sommerfest',
    });
    await drainOutbox(test);
    const note = (await suggester.client.get('/api/v1/notifications')).body.items[0];
    expect(note).toMatchObject({
      type: 'story_update',
      actor: { id: desk.user.id },
      url: `/social/stories/${id}`,
    });
    expect(note.excerpt).toContain('Passt gut in die Woche vor dem Fest.');

    for (const state of ['in_progress', 'not_now'] as const) {
      expect(
        (await desk.client.patch(`/api/v1/stories/${id}`, { state, note: `Jetzt ${state}` })).status,
      ).toBe(200);
    }
    await drainOutbox(test);
    const notes = (await suggester.client.get('/api/v1/notifications')).body.items.filter(
      (n: { type: string; url: string }) => n.type === 'story_update' && n.url === `/social/stories/${id}`,
    );
    expect(notes).toHaveLength(3);
    expect(notes[0].excerpt).toBe('Sommerfest 2027 · Jetzt not_now');

    expect((await desk.client.patch(`/api/v1/stories/${id}`, { state: 'done' })).status).toBe(400);
    expect(
      (await suggester.client.get('/api/v1/stories?state=not_now')).body.items.map(
        (s: { id: number }) => s.id,
      ),
    ).toEqual([id]);
    expect((await outsider.client.get('/api/v1/stories')).body.items).toEqual([]);

    const calendar = await desk.client.get(
      '/api/v1/social/calendar?from=2026-12-01T00:00:00Z&to=2026-12-08T00:00:00Z',
    );
    expect(calendar.status).toBe(200);
    expect(calendar.body.items).toContainEqual(
      expect.objectContaining({ kind: 'story', id, at: '2026-12-03T09:00:00.000Z', campaign: 'Sommerfest' }),
    );
    expect(
      (
        await suggester.client.get(
          '/api/v1/social/calendar?from=2026-12-01T00:00:00Z&to=2026-12-08T00:00:00Z',
        )
      ).status,
    ).toBe(403);
  });
});
