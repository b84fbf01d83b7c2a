import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUpOrganisation, startTestApp, type TestApp } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';

describe('org chart', () => {
  let test: TestApp;
  let admin: TestClient;
  beforeAll(async () => {
    test = await startTestApp();
    ({ admin } = await setUpOrganisation(test));
  });
  afterAll(() => test.close());

  it('builds the tree from the manager relations, below a person or from the top; active people only', async () => {
    const person = async (name: string, managerId?: number, department = 'Produktion') =>
      (await admin.post('/api/v1/admin/people', { name, department, title: 'T', managerId })).body
        .id as number;
    const ceo = await person('Clara Chefin', undefined, 'Geschäftsführung');
    const lead = await person('Leo Leiter', ceo);
    const worker = await person('Willi Werker', lead);
    const leaver = await person('Gina Gegangen', lead);
    await person('Max Mitte', ceo, 'Vertrieb');
    await admin.post(`/api/v1/users/${leaver}/deactivate`);

    const below = await admin.get(`/api/v1/org-chart?rootId=${lead}`);
    expect(below.status).toBe(200);
    expect(below.body).toEqual({
      id: lead,
      name: 'Leo Leiter',
      title: 'T',
      department: 'Produktion',
      avatarUrl: null,
      reports: [
        {
          id: worker,
          name: 'Willi Werker',
          title: 'T',
          department: 'Produktion',
          avatarUrl: null,
          reports: [],
        },
      ],
    });

    const top = await admin.get('/api/v1/org-chart');
    // Several people have no manager (the admin too): the organisation heads the tree.
    expect(top.body).toMatchObject({ id: 0, name: expect.any(String), reports: expect.any(Array) });
    const clara = top.body.reports.find((node: { id: number }) => node.id === ceo);
    expect(clara.reports.map((node: { name: string }) => node.name)).toEqual(['Leo Leiter', 'Max Mitte']);
    expect(JSON.stringify(top.body)).not.toContain('Gina Gegangen');
    expect((await admin.get(`/api/v1/org-chart?rootId=${leaver}`)).status).toBe(404);
    expect((await test.client().get('/api/v1/org-chart')).status).toBe(401);
  });
});
