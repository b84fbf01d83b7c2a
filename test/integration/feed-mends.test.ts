import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveMessage } from '../../src/shared/api/live.js';
import { setUpOrganisation, startTestApp, type TestApp } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';
import { connectLive } from '../helpers/live.js';
import { createSpace, post } from '../helpers/stream.js';

let test: TestApp;
let admin: TestClient;

beforeAll(async () => {
  test = await startTestApp();
  ({ admin } = await setUpOrganisation(test));
});
afterAll(async () => test?.close());

const ids = (page: { items: Array<{ id: number }> }) => page.items.map((item) => item.id);

describe('feed pages', () => {
  it('shows a pinned post once, on the first page, and announces the pin live', async () => {
    const space = await createSpace(admin);
    const oldest = await post(admin, space.id, 'oldest');
    test.clock.advance(1000);
    const middle = await post(admin, space.id, 'middle');
    test.clock.advance(1000);
    const newest = await post(admin, space.id, 'newest');
    const live = await connectLive(admin);
    expect((await admin.post(`/api/v1/content/${middle.id}/pin`, { pinned: true })).status).toBe(200);
    await live.waitFor((m) => m.type === 'content.updated' && m.data.contentId === middle.id);
    live.close();
    // Every message matches the shared schema the web app parses with; hello names the count as elsewhere.
    for (const message of live.messages) expect(liveMessage.safeParse(message).error).toBeUndefined();
    expect(live.messages[0]).toMatchObject({ type: 'hello', data: { unreadCount: 0 } });

    const first = await admin.get(`/api/v1/spaces/${space.id}/feed?limit=1`);
    expect(ids(first.body)).toEqual([middle.id, newest.id]);
    const second = await admin.get(
      `/api/v1/spaces/${space.id}/feed?limit=1&cursor=${encodeURIComponent(first.body.nextCursor)}`,
    );
    expect(ids(second.body)).toEqual([oldest.id]);
    expect(second.body.nextCursor).toBeNull();
  });

  it('shows an open must-read once, on the first page of the home feed', async () => {
    const article = await admin.post('/api/v1/articles', {
      spaceId: null,
      title: 'Bitte lesen',
      teaser: 'Wichtig',
      body: 'Der Text.',
      mustRead: {},
    });
    expect(article.status, JSON.stringify(article.body)).toBe(201);
    expect((await admin.post(`/api/v1/articles/${article.body.id}/publish`, {})).status).toBe(200);
    for (const text of ['eins', 'zwei', 'drei']) {
      test.clock.advance(1000);
      await post(admin, (await createSpace(admin)).id, text);
    }
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: Array<{ id: number }>; nextCursor: string | null } } = await admin.get(
        `/api/v1/feed?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      seen.push(...ids(page.body));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen[0]).toBe(article.body.id);
    expect(seen.filter((id) => id === article.body.id)).toHaveLength(1);
    expect(new Set(seen).size).toBe(seen.length);
  });
});

describe('hashtag uses', () => {
  const uses = async (tag: string) =>
    (
      await test.app.kantine.database.db
        .selectFrom('hashtags')
        .select('uses')
        .where('tag', '=', tag)
        .executeTakeFirst()
    )?.uses;

  it('go down when an edit drops a tag or the item is deleted', async () => {
    const space = await createSpace(admin);
    const first = await post(admin, space.id, 'Heute #zwiebelkuchen');
    const second = await post(admin, space.id, 'Auch #zwiebelkuchen und #federweisser');
    expect(await uses('zwiebelkuchen')).toBe(2);
    expect((await admin.patch(`/api/v1/content/${first.id}`, { body: 'Heute nichts' })).status).toBe(200);
    expect(await uses('zwiebelkuchen')).toBe(1);
    expect((await admin.delete(`/api/v1/content/${second.id}`)).status).toBe(204);
    expect(await uses('zwiebelkuchen')).toBeUndefined();
    expect(await uses('federweisser')).toBeUndefined();
  });
});
