import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directorySortName } from '../../src/server/modules/users/users.repo.js';
import { createMember, setUpOrganisation, startTestApp, type TestApp } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';

function upload(bytes: Buffer, filename: string, type: string) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), filename);
  return form;
}

async function photoWithGps() {
  return sharp({ create: { width: 400, height: 300, channels: 3, background: { r: 200, g: 80, b: 40 } } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'SpyCam', Model: 'Serial 12345' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '52/1 1/1 0/1' },
    })
    .toBuffer();
}

describe('profiles and the people directory', () => {
  let test: TestApp;
  let admin: TestClient;
  beforeAll(async () => {
    test = await startTestApp({ env: { KANTINE_MAX_UPLOAD_MB: '0.05' } });
    ({ admin } = await setUpOrganisation(test));
  });
  afterAll(() => test.close());

  it('lets everyone edit their own profile, and validates it', async () => {
    const member = await createMember(test, admin, { name: 'Anna Müller' });
    const boss = await createMember(test, admin, { name: 'Bernd Boss' });
    const updated = await member.client.patch('/api/v1/me', {
      title: 'Einkäuferin',
      department: 'Einkauf',
      location: 'Leipzig',
      phone: '+49 341 123-45',
      about: 'Kümmere mich um Stahl.',
      skills: ['Verhandlung', 'SAP'],
      managerId: boss.user.id,
      handle: 'anna',
      locale: 'en',
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      title: 'Einkäuferin',
      handle: 'anna',
      skills: ['Verhandlung', 'SAP'],
      locale: 'en',
      manager: { name: 'Bernd Boss' },
    });
    const bossProfile = await admin.get(`/api/v1/users/${boss.user.id}`);
    expect(bossProfile.body.reports.map((r: { name: string }) => r.name)).toEqual(['Anna Müller']);

    for (const bad of [
      { phone: 'call me<script>' },
      { handle: 'a' },
      { handle: 'has space' },
      { about: 'x'.repeat(2001) },
      { role: 'admin' },
      { name: '' },
      { skills: 'SAP' },
    ]) {
      const response = await member.client.patch('/api/v1/me', bad);
      expect(response.status, JSON.stringify(bad)).toBe(400);
    }
    expect((await member.client.patch('/api/v1/me', { handle: 'ada.admin' })).status).toBe(409);
    expect((await member.client.patch('/api/v1/me', { managerId: 99999 })).status).toBe(400);
    const cycle = await boss.client.patch('/api/v1/me', { managerId: member.user.id });
    expect(cycle.status).toBe(400);
    expect(cycle.body.error.code).toBe('manager_cycle');
    const after = await member.client.get('/api/v1/me');
    expect(after.body).toMatchObject({ handle: 'anna', title: 'Einkäuferin', role: 'member' });
  });

  it('lets admins edit anyone, members nobody else', async () => {
    const member = await createMember(test, admin);
    const other = await createMember(test, admin);
    expect((await other.client.patch(`/api/v1/users/${member.user.id}`, { title: 'Hacker' })).status).toBe(
      403,
    );
    const edited = await admin.patch(`/api/v1/users/${member.user.id}`, {
      title: 'Teamleitung',
      role: 'admin',
      email: 'Renamed@Example.com',
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ title: 'Teamleitung', role: 'admin', email: 'renamed@example.com' });
    expect((await admin.patch(`/api/v1/users/${member.user.id}`, { email: other.email })).status).toBe(409);
    expect((await admin.patch('/api/v1/users/424242', { title: 'x' })).status).toBe(404);
  });

  it('keeps at least one admin', async () => {
    const me = (await admin.get('/api/v1/me')).body;
    const local = await startTestApp();
    try {
      const { admin: onlyAdmin, adminUser } = await setUpOrganisation(local);
      const response = await onlyAdmin.patch(`/api/v1/users/${adminUser.id}`, { role: 'member' });
      expect(response.status).toBe(409);
      expect(response.body.error.code).toBe('last_admin');
    } finally {
      await local.close();
    }
    expect(me.role).toBe('admin');
  });

  it('re-encodes avatars into square WebP sizes without any metadata', async () => {
    const member = await createMember(test, admin);
    const original = await photoWithGps();
    expect((await sharp(original).metadata()).exif).toBeDefined();
    const response = await member.client.request('PUT', '/api/v1/me/avatar', {
      form: upload(original, 'me.jpg', 'image/jpeg'),
    });
    expect(response.status).toBe(200);
    expect(response.body.avatarUrl).toMatch(/^\/api\/v1\/users\/\d+\/avatar\?v=/);
    for (const size of [64, 256]) {
      const image = await admin.get(`${response.body.avatarUrl}&size=${size}`);
      expect(image.status).toBe(200);
      expect(image.headers.get('content-type')).toBe('image/webp');
      const metadata = await sharp(image.body as Buffer).metadata();
      expect(metadata).toMatchObject({ format: 'webp', width: size, height: size });
      expect(metadata.exif).toBeUndefined();
      expect((image.body as Buffer).includes(Buffer.from('SpyCam'))).toBe(false);
    }
    expect((await test.client().get(response.body.avatarUrl)).status).toBe(401);
    const listed = await admin.get(`/api/v1/users?q=${encodeURIComponent(member.user.name)}`);
    expect(listed.body.items[0].avatarUrl).toBe(response.body.avatarUrl);

    const removed = await member.client.delete('/api/v1/me/avatar');
    expect(removed.body.avatarUrl).toBeNull();
    expect((await admin.get(response.body.avatarUrl)).status).toBe(404);
  });

  it('refuses uploads that are not images or too large', async () => {
    const member = await createMember(test, admin);
    const fake = await member.client.request('PUT', '/api/v1/me/avatar', {
      form: upload(Buffer.from('<script>alert(1)</script>'), 'x.png', 'image/png'),
    });
    expect(fake.status).toBe(400);
    expect(fake.body.error.code).toBe('invalid_image');
    const noise = await sharp(randomBytes(300 * 300 * 3), { raw: { width: 300, height: 300, channels: 3 } })
      .png()
      .toBuffer();
    expect(noise.length).toBeGreaterThan(60_000);
    const large = await member.client.request('PUT', '/api/v1/me/avatar', {
      form: upload(noise, 'big.png', 'image/png'),
    });
    expect(large.status).toBe(413);
    expect(large.body.error.code).toBe('payload_too_large');
    const noFile = await member.client.request('PUT', '/api/v1/me/avatar', { json: { file: 'x' } });
    expect(noFile.status).toBe(400);
    expect((await member.client.get('/api/v1/me')).body.avatarUrl).toBeNull();
  });

  it('finds people by name, title, skill and folded umlauts; filters; paginates with a cursor', async () => {
    const local = await startTestApp();
    try {
      const { admin: localAdmin } = await setUpOrganisation(local, { demo: true });
      const search = async (query: string) =>
        (await localAdmin.get(`/api/v1/users?${query}`)).body.items.map((p: { name: string }) => p.name);
      expect(await search('q=Krüger')).toEqual(['Sabine Krüger']);
      expect(await search('q=krueger')).toEqual(['Sabine Krüger']);
      expect(await search('q=Kru')).toEqual(['Sabine Krüger']);
      expect(await search('q=Schweißer')).toEqual(['Daniel Krause']);
      expect(await search('q=schweisser')).toEqual(['Daniel Krause']);
      expect(await search('q=ABAP')).toEqual(['Elif Arslan']);
      expect(await search('q=sab kru')).toEqual(['Sabine Krüger']);
      expect(await search('q=100%25')).toEqual([]);
      const leipzig = await search('location=Leipzig&department=Produktion');
      expect(leipzig.length).toBeGreaterThan(5);
      expect(leipzig).toContain('Frank Zimmermann');

      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { body: { items: { name: string }[]; nextCursor: string | null } } = await localAdmin.get(
          `/api/v1/users?limit=7${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(page.body.items.length).toBeLessThanOrEqual(7);
        seen.push(...page.body.items.map((p) => p.name));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.length).toBe((await localAdmin.get('/api/v1/users?limit=100')).body.items.length);
      // Sorted by the name without a leading academic title ("Dr. Anna …" under A).
      const key = directorySortName;
      expect([...seen]).toEqual([...seen].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)));
      expect((await localAdmin.get('/api/v1/users?cursor=garbage')).status).toBe(400);
      expect((await localAdmin.get('/api/v1/users?limit=1000')).status).toBe(400);
    } finally {
      await local.close();
    }
  });

  it('deactivates a person: sessions and tokens stop at once, content of the profile stays; reactivation lets them in again', async () => {
    const member = await createMember(test, admin, { name: 'Dora Deaktiviert' });
    const token = (await member.client.post('/api/v1/tokens', { name: 'script', scope: 'read' })).body.token;
    const viaToken = test.client().withToken(token);
    expect((await viaToken.get('/api/v1/me')).status).toBe(200);

    expect((await member.client.post(`/api/v1/users/${member.user.id}/deactivate`)).status).toBe(403);
    const me = (await admin.get('/api/v1/me')).body;
    expect((await admin.post(`/api/v1/users/${me.id}/deactivate`)).status).toBe(403);
    const deactivated = await admin.post(`/api/v1/users/${member.user.id}/deactivate`);
    expect(deactivated.status).toBe(200);
    expect(deactivated.body.active).toBe(false);

    expect((await member.client.get('/api/v1/me')).status).toBe(401);
    expect((await viaToken.get('/api/v1/me')).status).toBe(401);
    expect(
      (await test.client().post('/api/v1/session', { email: member.email, password: member.password }))
        .status,
    ).toBe(401);
    expect((await admin.get(`/api/v1/users/${member.user.id}`)).body.name).toBe('Dora Deaktiviert');
    const activeList = (await admin.get('/api/v1/users?q=Dora')).body.items;
    expect(activeList).toHaveLength(0);
    const inactiveList = (await admin.get('/api/v1/users?q=Dora&status=deactivated')).body.items;
    expect(inactiveList).toHaveLength(1);
    const other = await createMember(test, admin);
    expect((await other.client.get('/api/v1/users?status=deactivated')).status).toBe(403);

    expect((await admin.post(`/api/v1/users/${member.user.id}/reactivate`)).status).toBe(200);
    expect(
      (await test.client().post('/api/v1/session', { email: member.email, password: member.password }))
        .status,
    ).toBe(200);
    expect((await viaToken.get('/api/v1/me')).status).toBe(200);
  });
});
