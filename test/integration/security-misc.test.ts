import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, setUpOrganisation, startTestApp, type TestApp } from '../helpers/app.js';
import { goodRights, uploadImage } from '../helpers/articles.js';
import type { TestClient } from '../helpers/client.js';
import { addToSpace, createSpace } from '../helpers/stream.js';

function form(bytes: Buffer | Uint8Array, filename: string, type: string) {
  const data = new FormData();
  data.append('file', new Blob([new Uint8Array(bytes)], { type }), filename);
  return data;
}

/** Issue 11, security 8: the smaller items. */
describe('smaller security items', () => {
  let test: TestApp;
  let admin: TestClient;
  let editor: Awaited<ReturnType<typeof createMember>>;
  let member: Awaited<ReturnType<typeof createMember>>;
  let truncatedPng: Buffer;

  beforeAll(async () => {
    test = await startTestApp({ env: { KANTINE_SCHEDULER_SECONDS: '0' } });
    ({ admin } = await setUpOrganisation(test));
    editor = await createMember(test, admin, { role: 'editor' });
    member = await createMember(test, admin, { name: 'Mia Mitglied' });
    const png = await sharp({
      create: { width: 400, height: 300, channels: 3, background: '#336699' },
    })
      .png({ compressionLevel: 0 })
      .toBuffer();
    truncatedPng = png.subarray(0, Math.floor(png.length / 2));
  });
  afterAll(() => test.close());

  it('answers 400 invalid_image to a truncated PNG on every image path', async () => {
    const space = await createSpace(admin, { name: 'Bilder' });
    const paths = [
      ['PUT', '/api/v1/me/avatar'],
      ['PUT', `/api/v1/users/${member.user.id}/avatar`],
      ['PUT', `/api/v1/spaces/${space.id}/avatar`],
      ['PUT', '/api/v1/organisation/logo'],
      ['POST', '/api/v1/uploads'],
      ['POST', `/api/v1/spaces/${space.id}/files`],
    ] as const;
    for (const [method, path] of paths) {
      const response = await admin.request(method, path, {
        form: form(truncatedPng, 'kaputt.png', 'image/png'),
      });
      expect(response.status, path).toBe(400);
      expect(response.body.error.code, path).toBe('invalid_image');
    }
  });

  it('strips bidi controls and other invisible characters from file names, at upload and rename', async () => {
    const upload = await member.client.request('POST', '/api/v1/uploads', {
      form: form(Buffer.from('hallo\n'), 'rechnung\u202Etxt.exe', 'text/plain'),
    });
    expect(upload.status).toBe(201);
    expect(upload.body.name).toBe('rechnungtxt.exe');
    const space = await createSpace(member.client, { name: 'Ablage' });
    const stored = await member.client.request('POST', `/api/v1/spaces/${space.id}/files`, {
      form: form(Buffer.from('hallo\n'), 'a\u2066b\u200Fc\u061C\u200Bd.txt', 'text/plain'),
    });
    expect(stored.body.name).toBe('abcd.txt');
    const renamed = await member.client.patch(`/api/v1/files/${stored.body.id}`, {
      name: 'bericht\u202Efdp.exe',
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe('berichtfdp.exe');
  });

  it('refuses a fake PDF and keeps accepting real ones', async () => {
    const fake = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const refused = await member.client.request('POST', '/api/v1/uploads', {
      form: form(fake, 'rechnung.pdf', 'application/pdf'),
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('invalid_pdf');
    const lying = Buffer.from(`${fake.toString('latin1')}startxref\n9\n%%EOF\n`);
    expect(
      (
        await member.client.request('POST', '/api/v1/uploads', {
          form: form(lying, 'b.pdf', 'application/pdf'),
        })
      ).status,
    ).toBe(400);
    const doc = await PDFDocument.create();
    doc.addPage();
    const real = await member.client.request('POST', '/api/v1/uploads', {
      form: form(await doc.save(), 'echt.pdf', 'application/pdf'),
    });
    expect(real.status).toBe(201);
  });

  it('escapes the plain-text teaser in RSS and Atom HTML fields', async () => {
    const cover = await uploadImage(editor.client, goodRights);
    const created = await editor.client.post('/api/v1/articles', {
      title: 'Feed-Test',
      teaser: 'Tom & Jerry <img src=x onerror=alert(1)>',
      body: 'Text',
      coverImageId: cover,
      isPublic: true,
    });
    expect((await editor.client.post(`/api/v1/articles/${created.body.id}/publish`, {})).status).toBe(200);
    for (const url of ['/news/feed.xml', '/news/atom.xml']) {
      const xml = (await test.client().get(url)).body as string;
      expect(xml, url).not.toContain('<img src=x');
      expect(xml, url).toContain('Tom &amp; Jerry &lt;img src=x onerror=alert(1)&gt;');
    }
  });

  it('stores nothing when a public article is viewed; a captcha token works once', async () => {
    const cover = await uploadImage(editor.client, goodRights);
    const created = await editor.client.post('/api/v1/articles', {
      title: 'Kommentare willkommen',
      body: 'Text',
      coverImageId: cover,
      isPublic: true,
      guestComments: 'open',
    });
    await editor.client.post(`/api/v1/articles/${created.body.id}/publish`, {});
    const { db } = test.app.kantine.database;
    const count = async () =>
      Number(
        (await db.selectFrom('used_captchas').select(db.fn.countAll().as('n')).executeTakeFirstOrThrow()).n,
      ) +
      Number(
        (await db.selectFrom('captcha_challenges').select(db.fn.countAll().as('n')).executeTakeFirstOrThrow())
          .n,
      );
    const before = await count();
    let page = '';
    for (let i = 0; i < 5; i++) page = (await test.client().get(`/news/${created.body.slug}`)).body;
    expect(await count()).toBe(before);

    const token = page.match(/name="captcha_id" value="([^"]+)"/)?.[1] ?? '';
    const sum = page.match(/(?:Wie viel ist) (\p{L}+) \+ (\p{L}+) =/u)!;
    const words = ['null', 'eins', 'zwei', 'drei', 'vier', 'fünf', 'sechs', 'sieben', 'acht', 'neun'];
    const answer = String(words.indexOf(sum[1]) + words.indexOf(sum[2]));
    const send = (captcha: string) =>
      fetch(`${test.baseUrl}/news/${created.body.slug}/comments`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          name: 'Gast',
          email: 'gast@example.org',
          comment: 'Schön!',
          captcha_id: captcha,
          captcha_answer: answer,
        }).toString(),
        redirect: 'manual',
      });
    // Another view's token with a made-up signature: refused (and that token is used up).
    const other = (await test.client().get(`/news/${created.body.slug}`)).body as string;
    const otherToken = other.match(/name="captcha_id" value="([^"]+)"/)?.[1] ?? '';
    const forged = await send(`${otherToken.split('.')[0]}.AAAA`);
    expect(forged.status).toBe(400);
    expect((await send(token)).status).toBeLessThan(400);
    const again = await send(token);
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('abgelaufen oder wurde schon benutzt');
  });

  it('tells the members when a secret space becomes public, and keeps it in the audit trail', async () => {
    const secret = await createSpace(admin, { name: 'Projekt X', visibility: 'secret' });
    await addToSpace(admin, member.client, member.user.id, secret.id);
    expect((await admin.patch(`/api/v1/spaces/${secret.id}`, { visibility: 'public' })).status).toBe(200);
    const notifications = await member.client.get('/api/v1/notifications');
    expect(notifications.body.items[0]).toMatchObject({
      type: 'space_made_public',
      url: `/spaces/${secret.id}`,
    });
    expect((await member.client.get('/api/v1/admin/audit')).status).toBe(403);
    const audit = await admin.get('/api/v1/admin/audit?limit=1');
    expect(audit.status).toBe(200);
    expect(audit.body.items[0]).toMatchObject({
      action: 'space.visibility_changed',
      actor: { name: 'Ada Admin' },
      space: { id: secret.id },
      details: { from: 'secret', to: 'public' },
    });
    await admin.patch(`/api/v1/spaces/${secret.id}`, { visibility: 'private' });
    const first = await admin.get('/api/v1/admin/audit?limit=1');
    expect(first.body.items[0].details).toEqual({ from: 'public', to: 'private' });
    const second = await admin.get(`/api/v1/admin/audit?limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body.items[0].details).toEqual({ from: 'secret', to: 'public' });
  });
});

/** Password reset answers at once whether or not the address exists: the mail goes out afterwards. */
describe('password reset timing', () => {
  it('does not wait for the mail server', async () => {
    // An SMTP server that accepts the connection and then never says a word.
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    const test = await startTestApp({ env: { SMTP_URL: `smtp://127.0.0.1:${port}` } });
    try {
      await setUpOrganisation(test);
      const timed = async (email: string) => {
        const started = performance.now();
        const response = await test.client().post('/api/v1/password-reset', { email });
        expect(response.status).toBe(202);
        return performance.now() - started;
      };
      const unknown = await timed('nobody@example.com');
      const known = await timed('admin@example.com');
      expect(known).toBeLessThan(1000);
      expect(Math.abs(known - unknown)).toBeLessThan(500);
    } finally {
      for (const socket of sockets) socket.destroy();
      await test.app.close();
      silent.close();
      await test.mailbox.close();
      await test.database.drop();
    }
  });
});
