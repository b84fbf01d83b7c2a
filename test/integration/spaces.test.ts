import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, setUpOrganisation, startTestApp, type TestApp } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';
import { addToSpace, createSpace } from '../helpers/stream.js';

describe('spaces and membership', () => {
  let test: TestApp;
  let admin: TestClient;
  beforeAll(async () => {
    test = await startTestApp();
    ({ admin } = await setUpOrganisation(test));
  });
  afterAll(() => test.close());

  it('setup creates the mandatory all-company space that everyone is in and nobody can leave', async () => {
    const mine = (await admin.get('/api/v1/spaces?mine=true')).body.items;
    const everyone = mine.find((s: { name: string }) => s.name === 'Alle');
    expect(everyone).toMatchObject({
      mandatory: true,
      visibility: 'public',
      membership: { status: 'member', role: 'admin' },
    });
    const member = await createMember(test, admin);
    const seen = (await member.client.get(`/api/v1/spaces/${everyone.id}`)).body;
    expect(seen.membership).toEqual({ status: 'member', role: 'member' });
    expect(seen.permissions).toMatchObject({ leave: false, post: true });
    const leave = await member.client.delete(`/api/v1/spaces/${everyone.id}/members/${member.user.id}`);
    expect(leave.status).toBe(409);
    expect((await admin.delete(`/api/v1/spaces/${everyone.id}`)).status).toBe(409);
  });

  it('creates spaces and validates input', async () => {
    const member = await createMember(test, admin);
    const created = await member.client.post('/api/v1/spaces', {
      name: 'Laufgruppe',
      description: 'Dienstags 18 Uhr',
      visibility: 'public',
      color: '#AA0000',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Laufgruppe',
      color: '#aa0000',
      memberCount: 1,
      membership: { role: 'admin', status: 'member' },
    });
    for (const bad of [
      { name: '' },
      { name: 'x'.repeat(81) },
      { name: 'X', visibility: 'hidden' },
      { name: 'X', color: 'red' },
      { name: 'X', extra: 1 },
    ]) {
      expect((await member.client.post('/api/v1/spaces', bad)).status, JSON.stringify(bad)).toBe(400);
    }
    const other = await createMember(test, admin);
    expect((await other.client.patch(`/api/v1/spaces/${created.body.id}`, { name: 'Mine' })).status).toBe(
      403,
    );
    expect((await member.client.patch(`/api/v1/spaces/${created.body.id}`, { mandatory: true })).status).toBe(
      403,
    );
    expect(
      (await member.client.patch(`/api/v1/spaces/${created.body.id}`, { description: 'Donnerstags' })).body
        .description,
    ).toBe('Donnerstags');
  });

  it('lets admins restrict who creates spaces', async () => {
    const member = await createMember(test, admin);
    await admin.patch('/api/v1/organisation', { spaceCreation: 'admins' });
    expect((await member.client.post('/api/v1/spaces', { name: 'Nope' })).status).toBe(403);
    expect((await admin.post('/api/v1/spaces', { name: 'Admin only' })).status).toBe(201);
    await admin.patch('/api/v1/organisation', { spaceCreation: 'everyone' });
  });

  it('joins public spaces, requests private ones, and approves requests with notifications', async () => {
    const owner = await createMember(test, admin);
    const joiner = await createMember(test, admin);
    const open = await createSpace(owner.client, { name: 'Kochclub', visibility: 'public' });
    const closed = await createSpace(owner.client, { name: 'Betriebsrat intern', visibility: 'private' });
    const joined = await joiner.client.post(`/api/v1/spaces/${open.id}/members`, {});
    expect(joined.body.membership.status).toBe('member');

    const requested = await joiner.client.post(`/api/v1/spaces/${closed.id}/members`, {});
    expect(requested.body.membership.status).toBe('requested');
    expect((await joiner.client.get(`/api/v1/spaces/${closed.id}/feed`)).status).toBe(404);
    const ownerNotes = (await owner.client.get('/api/v1/notifications')).body.items;
    expect(ownerNotes[0]).toMatchObject({
      type: 'join_request',
      actor: { id: joiner.user.id },
      space: { id: closed.id },
    });
    const requests = (await owner.client.get(`/api/v1/spaces/${closed.id}/members?status=requested`)).body
      .items;
    expect(requests.map((m: { user: { id: number } }) => m.user.id)).toEqual([joiner.user.id]);
    expect((await joiner.client.get(`/api/v1/spaces/${closed.id}/members?status=requested`)).status).toBe(
      404,
    );

    expect(
      (await owner.client.post(`/api/v1/spaces/${closed.id}/members`, { userId: joiner.user.id })).status,
    ).toBe(200);
    expect((await joiner.client.get(`/api/v1/spaces/${closed.id}`)).body.membership.status).toBe('member');
    expect((await joiner.client.get('/api/v1/notifications')).body.items[0]).toMatchObject({
      type: 'request_approved',
      space: { id: closed.id },
    });
    expect((await joiner.client.get(`/api/v1/spaces/${closed.id}/feed`)).status).toBe(200);
  });

  it('keeps secret spaces invisible to non-members and lets invitees accept', async () => {
    const owner = await createMember(test, admin);
    const guest = await createMember(test, admin);
    const outsider = await createMember(test, admin);
    const secret = await createSpace(owner.client, { name: 'Projekt Adler', visibility: 'secret' });
    expect((await outsider.client.get(`/api/v1/spaces/${secret.id}`)).status).toBe(404);
    expect((await outsider.client.post(`/api/v1/spaces/${secret.id}/members`, {})).status).toBe(404);
    const names = (await outsider.client.get('/api/v1/spaces?q=adler')).body.items.map(
      (s: { name: string }) => s.name,
    );
    expect(names).toEqual([]);
    expect((await admin.get('/api/v1/spaces?q=adler')).body.items).toHaveLength(1);

    expect(
      (await owner.client.post(`/api/v1/spaces/${secret.id}/members`, { userId: guest.user.id })).status,
    ).toBe(200);
    expect((await guest.client.get('/api/v1/notifications')).body.items[0]).toMatchObject({
      type: 'space_invitation',
      space: { id: secret.id },
    });
    const invited = (await guest.client.get(`/api/v1/spaces/${secret.id}`)).body;
    expect(invited.permissions.join).toBe('accept');
    expect((await guest.client.get(`/api/v1/spaces/${secret.id}/feed`)).status).toBe(404);
    await guest.client.post(`/api/v1/spaces/${secret.id}/members`, {});
    expect((await guest.client.get(`/api/v1/spaces/${secret.id}/feed`)).status).toBe(200);
    expect((await guest.client.get('/api/v1/spaces?q=adler')).body.items).toHaveLength(1);
  });

  it('manages roles, removal, leaving, archiving, mandatory spaces and deletion', async () => {
    const owner = await createMember(test, admin);
    const helper = await createMember(test, admin);
    const space = await createSpace(owner.client, { name: 'Werkstatt' });
    await addToSpace(owner.client, helper.client, helper.user.id, space.id);
    expect(
      (await helper.client.patch(`/api/v1/spaces/${space.id}/members/${owner.user.id}`, { role: 'member' }))
        .status,
    ).toBe(403);
    expect(
      (await owner.client.patch(`/api/v1/spaces/${space.id}/members/${owner.user.id}`, { role: 'member' }))
        .status,
    ).toBe(409);
    expect((await owner.client.delete(`/api/v1/spaces/${space.id}/members/${owner.user.id}`)).status).toBe(
      409,
    );
    expect(
      (await owner.client.patch(`/api/v1/spaces/${space.id}/members/${helper.user.id}`, { role: 'admin' }))
        .status,
    ).toBe(204);
    expect((await owner.client.delete(`/api/v1/spaces/${space.id}/members/${owner.user.id}`)).status).toBe(
      204,
    );
    expect((await helper.client.get(`/api/v1/spaces/${space.id}`)).body.memberCount).toBe(1);

    const archived = await helper.client.patch(`/api/v1/spaces/${space.id}`, { archived: true });
    expect(archived.body.archived).toBe(true);
    const blocked = await helper.client.post(`/api/v1/spaces/${space.id}/posts`, { body: 'Noch da?' });
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.code).toBe('space_archived');

    const company = await createSpace(admin, { name: 'Neuigkeiten' });
    expect((await admin.patch(`/api/v1/spaces/${company.id}`, { mandatory: true })).body.mandatory).toBe(
      true,
    );
    expect((await helper.client.get(`/api/v1/spaces/${company.id}`)).body.membership.status).toBe('member');
    const newcomer = await createMember(test, admin);
    expect((await newcomer.client.get(`/api/v1/spaces/${company.id}`)).body.membership.status).toBe('member');

    expect((await helper.client.delete(`/api/v1/spaces/${space.id}`)).status).toBe(204);
    expect((await helper.client.get(`/api/v1/spaces/${space.id}`)).status).toBe(404);
  });

  it('gives a space a picture that only those who may see the space can load', async () => {
    const owner = await createMember(test, admin);
    const member = await createMember(test, admin);
    const outsider = await createMember(test, admin);
    const space = await createSpace(owner.client, { name: 'Fotoclub', visibility: 'secret' });
    await addToSpace(owner.client, member.client, member.user.id, space.id);
    const picture = await sharp({ create: { width: 500, height: 300, channels: 3, background: '#226644' } })
      .jpeg()
      .withExif({ IFD0: { Artist: 'Geheim' } })
      .toBuffer();
    const upload = (client: TestClient, bytes: Buffer, type: string) => {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(bytes)], { type }), 'bild');
      return client.request('PUT', `/api/v1/spaces/${space.id}/avatar`, { form });
    };
    expect((await upload(member.client, picture, 'image/jpeg')).status).toBe(403);
    expect((await upload(owner.client, Buffer.from('kein Bild'), 'image/png')).status).toBe(400);
    const updated = await upload(owner.client, picture, 'image/jpeg');
    expect(updated.status).toBe(200);
    expect(updated.body.avatarUrl).toMatch(new RegExp(`^/api/v1/spaces/${space.id}/avatar\\?v=`));
    const image = await member.client.get(updated.body.avatarUrl);
    expect(image.status).toBe(200);
    expect(await sharp(image.body as Buffer).metadata()).toMatchObject({
      format: 'webp',
      width: 256,
      height: 256,
    });
    expect((image.body as Buffer).includes(Buffer.from('Geheim'))).toBe(false);
    expect((await outsider.client.get(updated.body.avatarUrl)).status).toBe(404);
    const listed = (await member.client.get('/api/v1/spaces?mine=true')).body.items.find(
      (s: { id: number }) => s.id === space.id,
    );
    expect(listed.avatarUrl).toBe(updated.body.avatarUrl);
    expect((await owner.client.delete(`/api/v1/spaces/${space.id}/avatar`)).body.avatarUrl).toBeNull();
    expect((await member.client.get(updated.body.avatarUrl)).status).toBe(404);
  });

  it('paginates the directory with a cursor', async () => {
    for (let i = 0; i < 5; i++) await createSpace(admin, { name: `Zeta ${i}` });
    const first = (await admin.get('/api/v1/spaces?q=zeta&limit=3')).body;
    expect(first.items).toHaveLength(3);
    const second = (await admin.get(`/api/v1/spaces?q=zeta&limit=3&cursor=${first.nextCursor}`)).body;
    expect(second.items.map((s: { name: string }) => s.name)).toEqual(['Zeta 3', 'Zeta 4']);
    expect(second.nextCursor).toBeNull();
  });
});
