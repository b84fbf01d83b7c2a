import JSZip from 'jszip';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, drainOutbox, setUpOrganisation, startTestApp, type TestApp } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';
import { addToSpace, createSpace } from '../helpers/stream.js';

function form(bytes: Buffer | Uint8Array, filename: string, type: string) {
  const data = new FormData();
  data.append('file', new Blob([new Uint8Array(bytes)], { type }), filename);
  return data;
}

/** A minimal Word document (.docx is a zip of XML parts) with one paragraph. */
async function docxWith(text: string) {
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  );
  zip.file(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
  );
  zip.file(
    'word/document.xml',
    `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>${text}</w:t></w:r></w:p></w:body></w:document>`,
  );
  return zip.generateAsync({ type: 'nodebuffer' });
}

async function pdfWith(text: string) {
  const doc = await PDFDocument.create();
  const page = doc.addPage();
  page.drawText(text, { x: 50, y: 700, size: 12, font: await doc.embedFont(StandardFonts.Helvetica) });
  return doc.save();
}

describe('space file libraries', () => {
  let test: TestApp;
  let admin: TestClient;
  let owner: Awaited<ReturnType<typeof createMember>>;
  let member: Awaited<ReturnType<typeof createMember>>;
  let outsider: Awaited<ReturnType<typeof createMember>>;
  let privateSpace: { id: number };
  let publicSpace: { id: number };
  beforeAll(async () => {
    test = await startTestApp({ env: { KANTINE_MAX_UPLOAD_MB: '0.5' } });
    ({ admin } = await setUpOrganisation(test));
    owner = await createMember(test, admin, { name: 'Olga Owner' });
    member = await createMember(test, admin, { name: 'Mira Member' });
    outsider = await createMember(test, admin, { name: 'Otto Outsider' });
    privateSpace = await createSpace(owner.client, { name: 'Personalabteilung', visibility: 'private' });
    publicSpace = await createSpace(owner.client, { name: 'Vorlagen', visibility: 'public' });
    await addToSpace(owner.client, member.client, member.user.id, privateSpace.id);
  });
  afterAll(() => test.close());

  it('keeps folders and files, and answers 404 to people who may not see the space', async () => {
    const folder = await member.client.post(`/api/v1/spaces/${privateSpace.id}/folders`, {
      name: 'Verträge',
    });
    expect(folder.status).toBe(201);
    const sub = await member.client.post(`/api/v1/spaces/${privateSpace.id}/folders`, {
      name: '2026',
      parentId: folder.body.id,
    });
    const pdf = await pdfWith('Arbeitsvertrag Muster Probezeit sechs Monate');
    const uploaded = await member.client.request(
      'POST',
      `/api/v1/spaces/${privateSpace.id}/files?folderId=${sub.body.id}`,
      { form: form(pdf, 'Arbeitsvertrag.pdf', 'application/pdf') },
    );
    expect(uploaded.status).toBe(201);
    expect(uploaded.body).toMatchObject({
      name: 'Arbeitsvertrag.pdf',
      mime: 'application/pdf',
      version: 1,
      folderId: sub.body.id,
      uploader: { name: 'Mira Member' },
    });

    const root = (await owner.client.get(`/api/v1/spaces/${privateSpace.id}/files`)).body;
    expect(root.folders.map((f: { name: string }) => f.name)).toEqual(['Verträge']);
    const inner = (await owner.client.get(`/api/v1/spaces/${privateSpace.id}/files?folderId=${sub.body.id}`))
      .body;
    expect(inner.breadcrumbs.map((f: { name: string }) => f.name)).toEqual(['Verträge', '2026']);
    expect(inner.files.map((f: { name: string }) => f.name)).toEqual(['Arbeitsvertrag.pdf']);

    const download = await owner.client.get(uploaded.body.url);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toMatch(/^attachment/);
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');

    expect((await outsider.client.get(`/api/v1/spaces/${privateSpace.id}/files`)).status).toBe(404);
    expect((await outsider.client.get(uploaded.body.url)).status).toBe(404);
    expect((await outsider.client.get(`/api/v1/files/${uploaded.body.id}`)).status).toBe(404);
    expect((await admin.get(uploaded.body.url)).status).toBe(404);
    expect(
      (
        await outsider.client.request('POST', `/api/v1/spaces/${privateSpace.id}/files`, {
          form: form(pdf, 'x.pdf', 'application/pdf'),
        })
      ).status,
    ).toBe(404);
    expect((await test.client().get(uploaded.body.url)).status).toBe(401);
  });

  it('finds PDFs by their text, only for those who may see them', async () => {
    const search = async (client: TestClient) =>
      (await client.get('/api/v1/search?type=file&q=Probezeit')).body.items.map(
        (i: { title: string }) => i.title,
      );
    // Text extraction runs in a worker thread from the outbox; a busy machine may take longer than
    // the request waits for it.
    await drainOutbox(test);
    expect(await search(member.client)).toEqual(['Arbeitsvertrag.pdf']);
    expect(await search(outsider.client)).toEqual([]);
    const hit = (await member.client.get('/api/v1/search?q=Probezeit')).body.items[0];
    expect(hit.snippet).toContain('<mark>Probezeit</mark>');
  });

  it('finds Word documents by their text too', async () => {
    const docx = await docxWith('Betriebsvereinbarung Gleitzeit Kernarbeitszeit');
    const uploaded = await member.client.request('POST', `/api/v1/spaces/${privateSpace.id}/files`, {
      form: form(
        docx,
        'Gleitzeit.docx',
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      ),
    });
    expect(uploaded.status).toBe(201);
    await drainOutbox(test);
    const found = (await member.client.get('/api/v1/search?type=file&q=Kernarbeitszeit')).body.items;
    expect(found.map((i: { title: string }) => i.title)).toEqual(['Gleitzeit.docx']);
  });

  it('lets members of public spaces read but only members upload; uploader and space admins edit', async () => {
    expect((await outsider.client.get(`/api/v1/spaces/${publicSpace.id}/files`)).status).toBe(200);
    const refused = await outsider.client.request('POST', `/api/v1/spaces/${publicSpace.id}/files`, {
      form: form(Buffer.from('Notiz'), 'notiz.txt', 'text/plain'),
    });
    expect(refused.status).toBe(403);
    const file = (
      await owner.client.request('POST', `/api/v1/spaces/${publicSpace.id}/files`, {
        form: form(Buffer.from('Briefkopf'), 'briefkopf.txt', 'text/plain'),
      })
    ).body;
    expect((await outsider.client.get(file.url)).status).toBe(200);
    expect((await outsider.client.patch(`/api/v1/files/${file.id}`, { name: 'meins.txt' })).status).toBe(403);
    expect((await outsider.client.delete(`/api/v1/files/${file.id}`)).status).toBe(403);
    const folder = (await owner.client.post(`/api/v1/spaces/${publicSpace.id}/folders`, { name: 'Briefe' }))
      .body;
    const moved = await owner.client.patch(`/api/v1/files/${file.id}`, {
      name: 'Briefkopf 2026.txt',
      folderId: folder.id,
    });
    expect(moved.body).toMatchObject({ name: 'Briefkopf 2026.txt', folderId: folder.id });
    const foreignFolder = (
      await member.client.post(`/api/v1/spaces/${privateSpace.id}/folders`, { name: 'Fremd' })
    ).body;
    expect(
      (await owner.client.patch(`/api/v1/files/${file.id}`, { folderId: foreignFolder.id })).status,
    ).toBe(400);
    expect((await owner.client.patch(`/api/v1/files/${file.id}`, { name: '../etc/passwd' })).status).toBe(
      400,
    );
    expect((await owner.client.delete(`/api/v1/files/${file.id}`)).status).toBe(204);
    expect((await owner.client.get(file.url)).status).toBe(404);
  });

  it('keeps older versions downloadable', async () => {
    const first = (
      await member.client.request('POST', `/api/v1/spaces/${privateSpace.id}/files`, {
        form: form(Buffer.from('Urlaubsplan Version eins'), 'urlaub.txt', 'text/plain'),
      })
    ).body;
    const second = await member.client.request('POST', `/api/v1/files/${first.id}/versions`, {
      form: form(Buffer.from('Urlaubsplan Version zwei'), 'urlaub.txt', 'text/plain'),
    });
    expect(second.status).toBe(201);
    expect(second.body.version).toBe(2);
    expect(second.body.versions.map((v: { version: number }) => v.version)).toEqual([1]);
    expect((await owner.client.get(second.body.url)).body).toBe('Urlaubsplan Version zwei');
    expect((await owner.client.get(second.body.versions[0].url)).body).toBe('Urlaubsplan Version eins');
    expect((await outsider.client.get(second.body.versions[0].url)).status).toBe(404);
    expect((await owner.client.get(`${second.body.url}?version=9`)).status).toBe(404);
  });

  it('makes thumbnails of images and shows their rights', async () => {
    const photo = await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#4477aa' } })
      .jpeg()
      .withExif({ IFD0: { Artist: 'Geheim' } })
      .toBuffer();
    const image = (
      await owner.client.request('POST', `/api/v1/spaces/${publicSpace.id}/files`, {
        form: form(photo, 'werk.jpg', 'image/jpeg'),
      })
    ).body;
    expect(image).toMatchObject({ kind: 'image', mime: 'image/jpeg', name: 'werk.jpg' });
    const thumb = await owner.client.get(image.thumbnailUrl);
    expect((await sharp(thumb.body as Buffer).metadata()).width).toBe(320);
    expect((thumb.body as Buffer).includes(Buffer.from('Geheim'))).toBe(false);
    const withRights = await owner.client.patch(`/api/v1/files/${image.id}`, {
      creator: 'Felix Neumann',
      source: 'Eigenes Foto',
      licence: 'Alle Rechte vorbehalten',
    });
    expect(withRights.body.rights).toEqual({
      creator: 'Felix Neumann',
      source: 'Eigenes Foto',
      licence: 'Alle Rechte vorbehalten',
    });
    expect((await owner.client.patch(`/api/v1/files/${image.id}`, { creator: 'x'.repeat(301) })).status).toBe(
      400,
    );
  });

  it('refuses oversized uploads and bytes that do not match their type', async () => {
    const big = Buffer.alloc(600 * 1024, 'a');
    const tooBig = await owner.client.request('POST', `/api/v1/spaces/${publicSpace.id}/files`, {
      form: form(big, 'gross.txt', 'text/plain'),
    });
    expect(tooBig.status).toBe(413);
    const fake = await owner.client.request('POST', `/api/v1/spaces/${publicSpace.id}/files`, {
      form: form(Buffer.from('<html></html>'), 'rechnung.pdf', 'application/pdf'),
    });
    expect(fake.status).toBe(400);
    expect(fake.body.error.code).toBe('type_mismatch');
    const listing = (await owner.client.get(`/api/v1/spaces/${publicSpace.id}/files`)).body;
    expect(listing.files.map((f: { name: string }) => f.name)).not.toContain('gross.txt');
  });
});
