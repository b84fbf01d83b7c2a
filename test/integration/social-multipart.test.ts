import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkStorage } from '../../src/server/modules/uploads/fsck.service.js';
import { createMember, setUpOrganisation, startTestApp, type TestApp } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';

const png = () =>
  sharp({ create: { width: 80, height: 60, channels: 3, background: '#2a7f62' } })
    .png()
    .toBuffer();
const jpegWithExif = () =>
  sharp({ create: { width: 90, height: 60, channels: 3, background: '#e76f51' } })
    .jpeg()
    .withExif({ IFD0: { Make: 'SpyCam', Artist: 'Geheim' } })
    .toBuffer();

function form(
  fields: Record<string, string>,
  files: Record<string, { bytes: Buffer; type: string; name: string }>,
) {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  for (const [name, file] of Object.entries(files))
    data.append(name, new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
  return data;
}

const rights = (index: number) => ({
  [`pictures[${index}][creator]`]: 'Max Mitarbeiter',
  [`pictures[${index}][source]`]: 'eigenes Foto',
  [`pictures[${index}][licence]`]: 'alle Rechte bei der Firma',
});

describe('social desk: a story as multipart/form-data', () => {
  let test: TestApp;
  let admin: TestClient;
  let member: { client: TestClient; user: { id: number } };

  beforeAll(async () => {
    test = await startTestApp({ env: { KANTINE_SCHEDULER_SECONDS: '0' } });
    ({ admin } = await setUpOrganisation(test));
    member = await createMember(test, admin, { name: 'Max Mitarbeiter' });
  });
  afterAll(() => test?.close());

  const counts = async () => {
    const { db } = test.app.kantine.database;
    const [stories, files] = await Promise.all([
      db
        .selectFrom('stories')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
      db
        .selectFrom('files')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    ]);
    return { stories: Number(stories.n), files: Number(files.n) };
  };

  it('stores the pictures through the upload pipeline (re-encoded, no metadata) with their rights', async () => {
    const bytes = await png();
    const photo = await jpegWithExif();
    expect(photo.includes(Buffer.from('SpyCam'))).toBe(true);
    const created = await member.client.request('POST', '/api/v1/stories', {
      form: form(
        {
          title: 'Sommerfest im Werk',
          body: 'Mit Grill und Band.',
          campaign: 'Sommer',
          ...rights(0),
          'pictures[0][alt]': 'Kolleginnen am Grill',
          ...rights(1),
        },
        {
          'pictures[0][file]': { bytes, type: 'image/png', name: 'fest.png' },
          'pictures[1][file]': { bytes: photo, type: 'image/jpeg', name: 'band.jpg' },
        },
      ),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      title: 'Sommerfest im Werk',
      body: 'Mit Grill und Band.',
      campaign: 'Sommer',
      state: 'new',
      author: { id: member.user.id },
    });
    expect(created.body.pictures).toHaveLength(2);
    expect(created.body.pictures[0]).toMatchObject({
      creator: 'Max Mitarbeiter',
      source: 'eigenes Foto',
      licence: 'alle Rechte bei der Firma',
      alt: 'Kolleginnen am Grill',
    });
    expect(created.body.pictures[1].alt).toBeNull();
    expect(created.body.pictures[0].fileId).toMatch(/^[A-Za-z0-9_-]{10,64}$/);
    expect(created.body.pictures[0].fileId).not.toMatch(/^part-/);

    const picture = await member.client.get(created.body.pictures[0].url);
    expect(picture.status).toBe(200);
    expect(picture.headers.get('content-type')).toBe('image/png');
    expect((await sharp(picture.body as Buffer).metadata()).width).toBe(80);
    const second = await member.client.get(created.body.pictures[1].url);
    expect(second.headers.get('content-type')).toBe('image/jpeg');
    const served = second.body as Buffer;
    expect(served.equals(photo)).toBe(false); // re-encoded
    expect(served.includes(Buffer.from('SpyCam'))).toBe(false);
    expect((await sharp(served).metadata()).exif).toBeUndefined();

    const rows = await test.app.kantine.database.db
      .selectFrom('files')
      .select(['uploader_id', 'held_by', 'kind'])
      .where('id', '=', created.body.pictures[0].fileId)
      .execute();
    expect(rows).toEqual([
      { uploader_id: member.user.id, held_by: `story:${created.body.id}`, kind: 'image' },
    ]);
  });

  it('refuses bad forms with a 4xx and stores nothing', async () => {
    const before = await counts();
    const bytes = await png();
    const picture = { 'pictures[0][file]': { bytes, type: 'image/png', name: 'a.png' } };
    const cases: Array<[string, FormData]> = [
      ['no title', form({ ...rights(0) }, picture)],
      ['rights missing', form({ title: 'Ohne Rechte' }, picture)],
      ['file missing', form({ title: 'Ohne Bild', ...rights(0) }, {})],
      [
        'gap in numbering',
        form({ title: 'Lücke', ...rights(1) }, { 'pictures[1][file]': picture['pictures[0][file]'] }),
      ],
      ['unknown field', form({ title: 'Falsch', secret: 'x' }, {})],
      ['stray file', form({ title: 'Falsch' }, { attachment: picture['pictures[0][file]'] })],
      [
        'not an image',
        form(
          { title: 'Text statt Bild', ...rights(0) },
          { 'pictures[0][file]': { bytes: Buffer.from('just text'), type: 'text/plain', name: 'a.txt' } },
        ),
      ],
      [
        'a lying image',
        form(
          { title: 'Kaputt', ...rights(0) },
          {
            'pictures[0][file]': {
              bytes: Buffer.from('GIF89a not really'),
              type: 'image/gif',
              name: 'a.gif',
            },
          },
        ),
      ],
    ];
    for (const [name, data] of cases) {
      const response = await member.client.request('POST', '/api/v1/stories', { form: data });
      expect(response.status, `${name}: ${JSON.stringify(response.body)}`).toBe(400);
      expect(response.body.error.code, name).toBeTruthy();
    }
    // A JSON body cannot name a multipart placeholder instead of an upload of its own.
    const json = await member.client.post('/api/v1/stories', {
      title: 'Platzhalter',
      pictures: [{ fileId: 'part-0-0123456789abcdef', creator: 'a', source: 'b', licence: 'c' }],
    });
    expect(json.status).toBe(400);
    expect(await counts()).toEqual(before);
    // Nothing left in storage either: every stored key belongs to a file row.
    const report = await checkStorage(test.app.kantine);
    expect(report).toMatchObject({ orphaned: [] });
  });
});
