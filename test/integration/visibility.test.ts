import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, setUpOrganisation, startTestApp, type TestApp } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';
import { connectLive, settle } from '../helpers/live.js';
import { addToSpace, createSpace } from '../helpers/stream.js';

type Role = 'nonMember' | 'requester' | 'member' | 'spaceAdmin' | 'orgAdmin' | 'deactivated';
type Visibility = 'public' | 'private' | 'secret';
const roles: Role[] = ['nonMember', 'requester', 'member', 'spaceAdmin', 'orgAdmin', 'deactivated'];
const visibilities: Visibility[] = ['public', 'private', 'secret'];

/** Who may read a space's content: the one rule every channel must follow. */
const mayRead: Record<Visibility, Record<Role, boolean>> = {
  public: {
    nonMember: true,
    requester: true,
    member: true,
    spaceAdmin: true,
    orgAdmin: true,
    deactivated: false,
  },
  private: {
    nonMember: false,
    requester: false,
    member: true,
    spaceAdmin: true,
    orgAdmin: false,
    deactivated: false,
  },
  secret: {
    nonMember: false,
    requester: false,
    member: true,
    spaceAdmin: true,
    orgAdmin: false,
    deactivated: false,
  },
};
/** The home feed shows the spaces one is a member of. */
const inHomeFeed = (role: Role) => role === 'member' || role === 'spaceAdmin';

describe('visibility matrix: every channel, every space type, every role', () => {
  let test: TestApp;
  const clients = {} as Record<Role, TestClient>;
  const userIds = {} as Record<Role, number>;
  const handles = {} as Record<Role, string>;
  const items = {} as Record<Visibility, { contentId: number; attachmentUrl: string; tag: string }>;
  const live = {} as Record<Role, Awaited<ReturnType<typeof connectLive>>>;

  beforeAll(async () => {
    test = await startTestApp();
    const { admin } = await setUpOrganisation(test);
    for (const role of roles) {
      if (role === 'orgAdmin') {
        const created = await createMember(test, admin, { role: 'admin', name: 'Org Admin' });
        clients[role] = created.client;
        userIds[role] = created.user.id;
        handles[role] = created.user.handle;
        continue;
      }
      const created = await createMember(test, admin, { name: `Role ${role}` });
      clients[role] = created.client;
      userIds[role] = created.user.id;
      handles[role] = created.user.handle;
    }
    for (const visibility of visibilities) {
      const space = await createSpace(clients.spaceAdmin, { name: `Matrix ${visibility}`, visibility });
      for (const role of ['member', 'deactivated'] as Role[])
        await addToSpace(clients.spaceAdmin, clients[role], userIds[role], space.id);
      if (visibility === 'private')
        expect(
          (await clients.requester.post(`/api/v1/spaces/${space.id}/members`, {})).body.membership.status,
        ).toBe('requested');
      const form = new FormData();
      form.append('file', new Blob(['Vertraulich'], { type: 'text/plain' }), 'notiz.txt');
      const upload = await clients.spaceAdmin.request('POST', '/api/v1/uploads', { form });
      const tag = `matrix${visibility}`;
      const mentions = roles.map((role) => `@${handles[role]}`).join(' ');
      const created = await clients.spaceAdmin.post(`/api/v1/spaces/${space.id}/posts`, {
        body: `Geheim? #${tag} ${mentions}`,
        attachments: [upload.body.id],
      });
      expect(created.status).toBe(201);
      await clients.spaceAdmin.post(`/api/v1/content/${created.body.id}/comments`, { body: 'Kommentar' });
      await clients.spaceAdmin.put(`/api/v1/content/${created.body.id}/reaction`, { type: 'like' });
      items[visibility] = { contentId: created.body.id, attachmentUrl: upload.body.url, tag };
    }
    const admin2 = clients.orgAdmin;
    expect((await admin2.post(`/api/v1/users/${userIds.deactivated}/deactivate`)).status).toBe(200);
  });
  afterAll(async () => {
    for (const connection of Object.values(live)) connection.close();
    await test.close();
  });

  for (const visibility of visibilities) {
    for (const role of roles) {
      const expected = mayRead[visibility][role];
      it(`${visibility} space, ${role}: ${expected ? 'sees' : 'does not see'} the post through every channel`, async () => {
        const client = clients[role];
        const { contentId, attachmentUrl, tag } = items[visibility];
        const readStatus = role === 'deactivated' ? 401 : expected ? 200 : 404;
        expect((await client.get(`/api/v1/content/${contentId}`)).status).toBe(readStatus);
        expect((await client.get(`/api/v1/content/${contentId}/comments`)).status).toBe(readStatus);
        expect((await client.get(`/api/v1/content/${contentId}/reactions`)).status).toBe(readStatus);
        expect((await client.get(attachmentUrl)).status).toBe(readStatus);
        if (role === 'deactivated') {
          expect((await client.get('/api/v1/feed')).status).toBe(401);
          expect((await client.get('/api/v1/notifications')).status).toBe(401);
          await expect(connectLive(client)).rejects.toThrow(/401/);
          return;
        }
        const spaceFeed = await client.get(
          `/api/v1/spaces/${(await clients.spaceAdmin.get(`/api/v1/content/${contentId}`)).body.space.id}/feed`,
        );
        expect(spaceFeed.status).toBe(expected ? 200 : 404);
        if (expected) expect(spaceFeed.body.items.map((i: { id: number }) => i.id)).toContain(contentId);
        const home = (await client.get('/api/v1/feed')).body.items.map((i: { id: number }) => i.id);
        expect(home.includes(contentId)).toBe(expected && inHomeFeed(role));
        const tagged = (await client.get(`/api/v1/hashtags/${tag}/feed`)).body.items.map(
          (i: { id: number }) => i.id,
        );
        expect(tagged.includes(contentId)).toBe(expected);
        const notified = (await client.get('/api/v1/notifications?limit=50')).body.items.some(
          (n: { type: string; contentId: number }) => n.type === 'mention' && n.contentId === contentId,
        );
        expect(notified).toBe(expected && role !== 'spaceAdmin');
        expect((await client.put(`/api/v1/content/${contentId}/reaction`, { type: 'wow' })).status).toBe(
          expected ? 200 : 404,
        );
        expect((await client.post(`/api/v1/content/${contentId}/comments`, { body: 'Hallo' })).status).toBe(
          expected ? 201 : 404,
        );
      });
    }
  }

  it('delivers live events over the WebSocket only to those who may read', async () => {
    for (const role of roles) if (role !== 'deactivated') live[role] = await connectLive(clients[role]);
    const posted: Record<Visibility, number> = {} as Record<Visibility, number>;
    for (const visibility of visibilities) {
      const spaceId = (await clients.spaceAdmin.get(`/api/v1/content/${items[visibility].contentId}`)).body
        .space.id;
      posted[visibility] = (
        await clients.spaceAdmin.post(`/api/v1/spaces/${spaceId}/posts`, { body: `Live ${visibility}` })
      ).body.id;
    }
    for (const visibility of visibilities) {
      await live.spaceAdmin.waitFor(
        (m) => m.type === 'post.created' && m.data.contentId === posted[visibility],
      );
    }
    await settle();
    for (const visibility of visibilities) {
      for (const role of roles) {
        if (role === 'deactivated') continue;
        const got = live[role].messages.some(
          (m) => m.type === 'post.created' && m.data.contentId === posted[visibility],
        );
        expect(got, `${visibility}/${role}`).toBe(mayRead[visibility][role]);
      }
    }
  });
});

describe('live connections end with the session', () => {
  it('closes the WebSocket when the person is deactivated', async () => {
    const {
      setUpOrganisation: setUp,
      startTestApp: start,
      createMember: member,
    } = await import('../helpers/app.js');
    const test = await start();
    try {
      const { admin } = await setUp(test);
      const person = await member(test, admin);
      const connection = await connectLive(person.client);
      const closed = new Promise<number>((resolve) =>
        connection.socket.once('close', (code) => resolve(code)),
      );
      await admin.post(`/api/v1/users/${person.user.id}/deactivate`);
      expect(await closed).toBe(4001);
      expect(connection.messages.some((m) => m.type === 'session.ended')).toBe(true);
    } finally {
      await test.close();
    }
  });
});
