import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, setUpOrganisation, startTestApp, type TestApp } from '../helpers/app.js';

let test: TestApp;
beforeAll(async () => {
  test = await startTestApp();
});
afterAll(async () => test?.close());

describe('the directory sorts by name without academic titles', () => {
  it('"Dr. …" and "Prof. Dr. …" sort by the name after the title, across pages', async () => {
    const { admin } = await setUpOrganisation(test); // "Ada Admin"
    for (const name of [
      'Dr. Zora Zeller',
      'Anna Alt',
      'Prof. Dr. Bert Bauer',
      'Dr. med. Carla Christ',
      'Dieter Dorn',
    ])
      await createMember(test, admin, { name });
    const names: string[] = [];
    let cursor: string | null = null;
    do {
      const response: { status: number; body: any } = await admin.get(
        `/api/v1/users?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(response.status).toBe(200);
      names.push(...response.body.items.map((person: { name: string }) => person.name));
      cursor = response.body.nextCursor;
    } while (cursor);
    expect(names).toEqual([
      'Ada Admin',
      'Anna Alt',
      'Prof. Dr. Bert Bauer',
      'Dr. med. Carla Christ',
      'Dieter Dorn',
      'Dr. Zora Zeller',
    ]);
  });
});
