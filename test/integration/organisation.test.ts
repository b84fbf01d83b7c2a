import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, setUpOrganisation, startTestApp, type TestApp } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';

describe('branding', () => {
  let test: TestApp;
  let admin: TestClient;
  beforeAll(async () => {
    test = await startTestApp();
    ({ admin } = await setUpOrganisation(test));
  });
  afterAll(() => test.close());

  it('lets admins set name, colour, language and logo; everyone sees them', async () => {
    const updated = await admin.patch('/api/v1/organisation', {
      name: 'Neuer Name AG',
      primaryColor: '#AA3300',
      defaultLocale: 'en',
    });
    expect(updated.body).toMatchObject({
      name: 'Neuer Name AG',
      primaryColor: '#aa3300',
      defaultLocale: 'en',
    });
    const logo = await sharp({
      create: { width: 800, height: 200, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } },
    })
      .png()
      .toBuffer();
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(logo)], { type: 'image/png' }), 'logo.png');
    const uploaded = await admin.request('PUT', '/api/v1/organisation/logo', { form });
    expect(uploaded.status).toBe(200);
    const publicView = await test.client().get('/api/v1/organisation');
    expect(publicView.body.logoUrl).toBe(uploaded.body.logoUrl);
    const image = await test.client().get(publicView.body.logoUrl);
    expect(image.headers.get('content-type')).toBe('image/webp');
    expect((await sharp(image.body as Buffer).metadata()).width).toBe(480);
    expect((await admin.delete('/api/v1/organisation/logo')).body.logoUrl).toBeNull();
  });

  it('refuses members and bad values', async () => {
    const member = await createMember(test, admin);
    expect((await member.client.patch('/api/v1/organisation', { name: 'Mine' })).status).toBe(403);
    expect((await admin.patch('/api/v1/organisation', { primaryColor: 'red' })).status).toBe(400);
    expect((await admin.patch('/api/v1/organisation', { name: '' })).status).toBe(400);
    expect((await test.client().get('/api/v1/organisation')).body.name).toBe('Neuer Name AG');
  });
});
