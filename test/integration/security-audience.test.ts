import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, setUpOrganisation, startTestApp, type TestApp } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';
import { addToSpace, createSpace } from '../helpers/stream.js';

/** Issue 11, security 7: a must-read audience never reveals who is in a space the editor may not read. */
describe('must-read audiences', () => {
  let test: TestApp;
  let admin: TestClient;
  let insiderEditor: Awaited<ReturnType<typeof createMember>>;
  let outsiderEditor: Awaited<ReturnType<typeof createMember>>;
  let hidden: Awaited<ReturnType<typeof createMember>>;
  let privateSpace: { id: number };
  let secretSpace: { id: number };

  beforeAll(async () => {
    test = await startTestApp({ env: { KANTINE_SCHEDULER_SECONDS: '0' } });
    ({ admin } = await setUpOrganisation(test));
    insiderEditor = await createMember(test, admin, { name: 'Ina Innen', role: 'editor' });
    outsiderEditor = await createMember(test, admin, { name: 'Otto Außen', role: 'editor' });
    hidden = await createMember(test, admin, { name: 'Heike Heimlich' });
    privateSpace = await createSpace(admin, { name: 'Betriebsrat', visibility: 'private' });
    secretSpace = await createSpace(admin, { name: 'Übernahme', visibility: 'secret' });
    for (const space of [privateSpace, secretSpace]) {
      await addToSpace(admin, hidden.client, hidden.user.id, space.id);
      await addToSpace(admin, insiderEditor.client, insiderEditor.user.id, space.id);
    }
  });
  afterAll(() => test.close());

  it('refuses spaces the editor may not read as an audience, on create and on update', async () => {
    for (const space of [privateSpace, secretSpace]) {
      const created = await outsiderEditor.client.post('/api/v1/articles', {
        title: 'Bitte lesen',
        body: 'Text',
        mustRead: { spaceIds: [space.id] },
      });
      expect(created.status).toBe(400);
      expect(created.body.error.code).toBe('invalid_audience');
    }
    const draft = await outsiderEditor.client.post('/api/v1/articles', { title: 'Entwurf', body: 'Text' });
    expect(draft.status).toBe(201);
    const updated = await outsiderEditor.client.patch(`/api/v1/articles/${draft.body.id}`, {
      mustRead: { spaceIds: [privateSpace.id] },
    });
    expect(updated.status).toBe(400);
    expect(updated.body.error.code).toBe('invalid_audience');
  });

  it('never lists members of spaces the viewer may not read among the unconfirmed', async () => {
    const created = await insiderEditor.client.post('/api/v1/articles', {
      title: 'Nur für den Betriebsrat',
      body: 'Text',
      mustRead: { spaceIds: [privateSpace.id] },
    });
    expect(created.status).toBe(201);
    expect((await insiderEditor.client.post(`/api/v1/articles/${created.body.id}/publish`, {})).status).toBe(
      200,
    );
    const insider = await insiderEditor.client.get(`/api/v1/articles/${created.body.id}/confirmations`);
    expect(insider.body.notConfirmed.map((u: { id: number }) => u.id)).toContain(hidden.user.id);
    // Another editor manages company news too, but may not read the private space.
    const outsider = await outsiderEditor.client.get(`/api/v1/articles/${created.body.id}/confirmations`);
    expect(outsider.status).toBe(200);
    expect(outsider.body.notConfirmed).toEqual([]);
  });
});
