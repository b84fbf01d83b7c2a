import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, setUpOrganisation, startTestApp, type TestApp } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';
import { addToSpace, createSpace, post } from '../helpers/stream.js';

function uploadForm(bytes: Buffer, filename: string, type: string) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), filename);
  return form;
}

const picture = (format: 'jpeg' | 'png' | 'avif', alpha = false) =>
  sharp({
    create: {
      width: 64,
      height: 48,
      channels: alpha ? 4 : 3,
      background: alpha ? { r: 30, g: 90, b: 160, alpha: 0.5 } : '#1e5aa0',
    },
  })
    .toFormat(format)
    .withExif({ IFD0: { Make: 'SpyCam' } })
    .toBuffer();

describe('composer: files in posts, mentions, hashtags and text limits', () => {
  let test: TestApp;
  let admin: TestClient;
  let anna: Awaited<ReturnType<typeof createMember>>;
  let jonas: Awaited<ReturnType<typeof createMember>>;
  let space: { id: number };

  async function upload(client: TestClient, bytes: Buffer, name: string, type: string) {
    const response = await client.request('POST', '/api/v1/uploads', { form: uploadForm(bytes, name, type) });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body as { id: string; name: string; mime: string; url: string };
  }

  beforeAll(async () => {
    test = await startTestApp();
    ({ admin } = await setUpOrganisation(test));
    anna = await createMember(test, admin, { name: 'Anna Autorin' });
    jonas = await createMember(test, admin, { name: 'Jonas Lehmann' });
    space = await createSpace(anna.client, { name: 'Werk' });
    await addToSpace(anna.client, jonas.client, jonas.user.id, space.id);
  });
  afterAll(() => test?.close());

  it('keeps the person’s file name and the image’s own format, without metadata', async () => {
    const jpeg = await upload(anna.client, await picture('jpeg'), 'foto-werkhalle.jpg', 'image/jpeg');
    expect(jpeg).toMatchObject({ name: 'foto-werkhalle.jpg', mime: 'image/jpeg' });
    const bytes = await anna.client.get(jpeg.url);
    expect(bytes.headers.get('content-type')).toBe('image/jpeg');
    expect(bytes.headers.get('content-disposition')).toContain('foto-werkhalle.jpg');
    expect((await sharp(bytes.body as Buffer).metadata()).format).toBe('jpeg');
    expect((bytes.body as Buffer).includes(Buffer.from('SpyCam'))).toBe(false);

    const png = await upload(anna.client, await picture('png', true), 'Logo.PNG', 'image/png');
    expect(png).toMatchObject({ name: 'Logo.PNG', mime: 'image/png' });
    // A JPEG named .png gets the extension of what it is.
    const misnamed = await upload(anna.client, await picture('jpeg'), 'scan.png', 'image/png');
    expect(misnamed).toMatchObject({ name: 'scan.jpg', mime: 'image/jpeg' });
    // AVIF (which not every program shows) becomes JPEG, or PNG when it is transparent.
    const avif = await upload(anna.client, await picture('avif'), 'handy.avif', 'image/avif');
    expect(avif).toMatchObject({ name: 'handy.jpg', mime: 'image/jpeg' });
    const clear = await upload(anna.client, await picture('avif', true), 'sticker', 'image/avif');
    expect(clear).toMatchObject({ name: 'sticker.png', mime: 'image/png' });
  });

  it('allows a post of only pictures, never an empty one; feed and search cope', async () => {
    const image = await upload(anna.client, await picture('jpeg'), 'Werkhalle-Dach.jpg', 'image/jpeg');
    const before = (await anna.client.get(`/api/v1/spaces/${space.id}/feed`)).body.items.length;
    for (const body of [{ body: '' }, { body: '  \n ' }, {}, { body: '', attachments: [] }]) {
      const refused = await anna.client.post(`/api/v1/spaces/${space.id}/posts`, body);
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe('empty_post');
    }
    expect((await anna.client.get(`/api/v1/spaces/${space.id}/feed`)).body.items.length).toBe(before);

    const only = await anna.client.post(`/api/v1/spaces/${space.id}/posts`, { attachments: [image.id] });
    expect(only.status).toBe(201);
    expect(only.body).toMatchObject({ body: '', html: '', attachments: [{ id: image.id, kind: 'image' }] });
    const feed = (await jonas.client.get(`/api/v1/spaces/${space.id}/feed`)).body.items;
    expect(feed[0]).toMatchObject({
      id: only.body.id,
      body: '',
      attachments: [{ name: 'Werkhalle-Dach.jpg' }],
    });
    const found = (await jonas.client.get('/api/v1/search?q=Werkhalle&type=post')).body.items;
    expect(found.map((hit: { url: string }) => hit.url).join()).toContain(String(only.body.id));

    // Editing: the text may go while a picture stays, not when the pictures go too.
    const emptied = await anna.client.patch(`/api/v1/content/${only.body.id}`, { body: '' });
    expect(emptied.status).toBe(200);
    const stripped = await anna.client.patch(`/api/v1/content/${only.body.id}`, {
      body: '',
      attachments: [],
    });
    expect(stripped.status).toBe(400);
    expect(stripped.body.error.code).toBe('empty_post');
    expect((await anna.client.get(`/api/v1/content/${only.body.id}`)).body.attachments).toHaveLength(1);
  });

  it('shows mentions as the person’s current name, in posts and comments', async () => {
    const created = await post(anna.client, space.id, `Danke @${jonas.user.handle} für die Hilfe!`);
    expect(created.html).toContain(`<a href="/people/${jonas.user.id}" class="mention">Jonas Lehmann</a>`);
    expect(created.html).not.toContain(`@${jonas.user.handle}`);
    const comment = await jonas.client.post(`/api/v1/content/${created.id}/comments`, {
      body: `Gern, @${anna.user.handle}!`,
    });
    expect(comment.status).toBe(201);
    expect(comment.body.html).toContain(`class="mention">Anna Autorin</a>`);

    // A later rename shows wherever the mention is read.
    expect((await jonas.client.patch('/api/v1/me', { name: 'Jonas Lehmann-Berg' })).status).toBe(200);
    expect((await anna.client.patch('/api/v1/me', { name: 'Anna <b>Autorin</b>' })).status).toBe(200);
    const item = (await jonas.client.get(`/api/v1/content/${created.id}`)).body;
    expect(item.html).toContain(`<a href="/people/${jonas.user.id}" class="mention">Jonas Lehmann-Berg</a>`);
    expect(item.latestComments[0].html).toContain('class="mention">Anna &lt;b&gt;Autorin&lt;/b&gt;</a>');
    const comments = (await anna.client.get(`/api/v1/content/${created.id}/comments`)).body.items;
    expect(comments[0].html).toContain('class="mention">Anna &lt;b&gt;Autorin&lt;/b&gt;</a>');
    const home = (await anna.client.get('/api/v1/feed')).body.items;
    expect(home.find((i: { id: number }) => i.id === created.id).html).toContain('Jonas Lehmann-Berg');
  });

  it('takes #IT-Hilfe as one tag, with umlauts and inner hyphens', async () => {
    const created = await post(anna.client, space.id, 'Drucker kaputt? Frag bei #IT-Hilfe. #Größe #Q3-');
    expect(created.html).toContain('<a href="/hashtags/it-hilfe" class="hashtag">#IT-Hilfe</a>.');
    expect(created.html).toContain('<a href="/hashtags/gr%C3%B6%C3%9Fe" class="hashtag">#Größe</a>');
    expect(created.html).toContain('<a href="/hashtags/q3" class="hashtag">#Q3</a>-');
    const tagged = (await jonas.client.get('/api/v1/hashtags/it-hilfe/feed')).body.items;
    expect(tagged.map((i: { id: number }) => i.id)).toEqual([created.id]);
    expect((await jonas.client.get('/api/v1/hashtags/it/feed')).body.items).toEqual([]);
  });

  it('refuses text over its limit with a 400 naming the field and the limit, and stores nothing', async () => {
    const cases: Array<{
      path: string;
      method: 'post' | 'patch';
      body: object;
      field: string;
      limit: number;
    }> = [
      {
        path: `/api/v1/spaces/${space.id}/posts`,
        method: 'post',
        body: { body: 'x'.repeat(10_001) },
        field: 'body',
        limit: 10_000,
      },
      {
        path: '/api/v1/me',
        method: 'patch',
        body: { about: 'x'.repeat(2_001) },
        field: 'about',
        limit: 2_000,
      },
      {
        path: `/api/v1/spaces/${space.id}`,
        method: 'patch',
        body: { description: 'x'.repeat(1_001) },
        field: 'description',
        limit: 1_000,
      },
      { path: '/api/v1/spaces', method: 'post', body: { name: 'x'.repeat(81) }, field: 'name', limit: 80 },
    ];
    const target = await post(anna.client, space.id, 'Kommentiere mich');
    cases.push({
      path: `/api/v1/content/${target.id}/comments`,
      method: 'post',
      body: { body: 'x'.repeat(5_001) },
      field: 'body',
      limit: 5_000,
    });
    for (const { path, method, body, field, limit } of cases) {
      const response = await anna.client[method](path, body);
      expect(response.status, path).toBe(400);
      expect(response.body.error.code).toBe('validation_failed');
      expect(response.body.error.message).toContain(`${field} must be at most ${limit} characters long`);
      expect(response.body.error.details).toContainEqual(
        expect.objectContaining({
          path: field,
          message: `must be at most ${limit} characters long`,
          kind: 'too_long',
          limit,
        }),
      );
    }
    // Exactly at the limit is fine, and nothing was cut or stored before.
    const me = (await anna.client.get('/api/v1/me')).body;
    expect(me.about).toBe('');
    expect((await anna.client.patch('/api/v1/me', { about: 'ü'.repeat(2_000) })).body.about).toHaveLength(
      2_000,
    );
    expect((await anna.client.get(`/api/v1/content/${target.id}`)).body.commentCount).toBe(0);
    const articleTeaser = await admin.post('/api/v1/articles', {
      title: 'T',
      body: 'x',
      teaser: 'x'.repeat(601),
    });
    expect(articleTeaser.status).toBe(400);
    expect(articleTeaser.body.error.message).toContain('teaser must be at most 600 characters long');
  });
});
