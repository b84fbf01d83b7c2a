import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimScheduled } from '../../src/server/modules/articles/articles.repo.js';
import { publishDue } from '../../src/server/modules/articles/publishing.service.js';
import { createMember, drainOutbox, setUpOrganisation, startTestApp, type TestApp } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';

/*
 * The scheduler publishes with one conditional statement (still scheduled AND due): a node that
 * found an article due publishes nothing if it was rescheduled or taken back in the meantime.
 */
describe('the article scheduler', () => {
  let test: TestApp;
  let admin: TestClient;
  let editor: Awaited<ReturnType<typeof createMember>>;
  let member: Awaited<ReturnType<typeof createMember>>;

  beforeAll(async () => {
    test = await startTestApp({ env: { KANTINE_SCHEDULER_SECONDS: '0' } });
    ({ admin } = await setUpOrganisation(test));
    editor = await createMember(test, admin, { name: 'Erika Editor', role: 'editor' });
    member = await createMember(test, admin, { name: 'Mia Mitglied' });
  });
  afterAll(() => test?.close());

  const schedule = async (id: number, inMs: number) => {
    const at = new Date(test.clock.now().getTime() + inMs).toISOString();
    const response = await editor.client.post(`/api/v1/articles/${id}/publish`, { at });
    expect(response.body).toMatchObject({ state: 'scheduled', scheduledAt: at });
    return at;
  };

  it('does not publish an article rescheduled to later after it was found due', async () => {
    const draft = await editor.client.post('/api/v1/articles', { title: 'Verschoben', body: 'Noch nicht.' });
    const id = draft.body.id as number;
    await schedule(id, 60_000);
    test.clock.advance(120_000);
    const dueAt = test.clock.now().toISOString();
    // Found due by a node; before its claim, the editor moves it an hour on.
    const later = await schedule(id, 3_600_000);
    const { db } = test.app.kantine.database;
    expect(await claimScheduled(db, id, dueAt)).toBe(false);
    expect((await editor.client.get(`/api/v1/articles/${id}`)).body).toMatchObject({
      state: 'scheduled',
      scheduledAt: later,
    });
    expect((await member.client.get(`/api/v1/articles/${id}`)).status).toBe(404);

    test.clock.advance(3_600_000);
    expect(await publishDue(test.app.kantine)).toEqual([id]);
    expect(await claimScheduled(db, id, test.clock.now().toISOString())).toBe(false);
    await drainOutbox(test);
    expect((await member.client.get(`/api/v1/articles/${id}`)).body).toMatchObject({
      state: 'published',
      publishedAt: later,
    });
  });

  it('does not publish an article taken back to a draft after it was found due', async () => {
    const draft = await editor.client.post('/api/v1/articles', {
      title: 'Zurückgezogen',
      body: 'Doch nicht.',
    });
    const id = draft.body.id as number;
    await schedule(id, 60_000);
    test.clock.advance(120_000);
    const dueAt = test.clock.now().toISOString();
    expect((await editor.client.patch(`/api/v1/articles/${id}`, { state: 'draft' })).body.state).toBe(
      'draft',
    );
    expect(await claimScheduled(test.app.kantine.database.db, id, dueAt)).toBe(false);
    expect(await publishDue(test.app.kantine)).toEqual([]);
    expect((await editor.client.get(`/api/v1/articles/${id}`)).body.state).toBe('draft');
  });
});
