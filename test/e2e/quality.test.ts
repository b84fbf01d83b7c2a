import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, setUpOrganisation, type TestApp } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';
import { createSpace } from '../helpers/stream.js';
import { expectAccessible, launchBrowser, loggedInPage, screenshot, startE2eApp } from './browser.js';

const photo = () =>
  sharp({ create: { width: 640, height: 360, channels: 3, background: '#2a9d8f' } })
    .jpeg()
    .toBuffer();

describe('web quality in the browser', () => {
  let test: TestApp;
  let browser: Browser;
  let admin: TestClient;
  beforeAll(async () => {
    test = await startE2eApp();
    browser = await launchBrowser();
    ({ admin } = await setUpOrganisation(test));
  });
  afterAll(async () => {
    await browser?.close();
    await test?.close();
  });

  it('publishing with a picture lacking its credit shows German field errors on the same page, text intact', async () => {
    const editor = await createMember(test, admin, { name: 'Rita Redaktion', role: 'editor' });
    const page = await loggedInPage(browser, test.baseUrl, editor);
    await page.goto(`${test.baseUrl}/articles/new`);
    await page.getByRole('textbox', { name: /^Titel/ }).fill('Neue Kantine im Werk Nord');
    await page.getByLabel('Vorspann').fill('Ab Montag gibt es warmes Essen.');
    await page
      .locator('input[type=file][accept="image/*"]')
      .first()
      .setInputFiles({ name: 'kantine.jpg', mimeType: 'image/jpeg', buffer: await photo() });
    await page.getByLabel('Urheber/in (Foto: …) *').waitFor();
    await page.getByLabel('Text', { exact: true }).fill('Der Speiseplan hängt am Eingang.');

    await page.getByRole('button', { name: 'Jetzt veröffentlichen' }).click();
    await page.getByRole('alert').getByText('Gib bei jedem Bild Urheber, Quelle und Lizenz an').waitFor();
    // Same page, shell and text still there, each empty credit field says what is missing.
    expect(page.url()).toBe(`${test.baseUrl}/articles/new`);
    await page.getByRole('navigation', { name: 'Hauptnavigation' }).waitFor();
    expect(await page.getByRole('textbox', { name: /^Titel/ }).inputValue()).toBe(
      'Neue Kantine im Werk Nord',
    );
    expect(await page.getByLabel('Text', { exact: true }).inputValue()).toBe(
      'Der Speiseplan hängt am Eingang.',
    );
    await expect.poll(() => page.getByText('Für die Veröffentlichung nötig: bitte angeben.').count()).toBe(3);
    expect(await page.getByLabel('Urheber/in (Foto: …) *').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'article editor with credit errors');
    await screenshot(page, 'article-editor-credit-errors');

    // Fixing a field removes its error; publishing then works and the slug is not "…-2".
    await page.getByLabel('Urheber/in (Foto: …) *').fill('Rita Redaktion');
    await expect.poll(() => page.getByText('Für die Veröffentlichung nötig: bitte angeben.').count()).toBe(2);
    await page.getByLabel('Quelle *').fill('Eigenes Foto');
    await page.getByLabel('Lizenz *').fill('Alle Rechte vorbehalten');
    await page.getByRole('button', { name: 'Jetzt veröffentlichen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Neue Kantine im Werk Nord' }).waitFor();
    const articleId = Number(page.url().split('/articles/')[1]);
    const article = await admin.get(`/api/v1/articles/${articleId}`);
    expect(article.body.slug).toBe('neue-kantine-im-werk-nord');
    const drafts = await admin.get('/api/v1/articles?state=draft');
    expect(JSON.stringify(drafts.body)).not.toContain('Neue Kantine im Werk Nord');
  });

  it('a double click on "Posten" with an attachment creates exactly one post and shows no error', async () => {
    const member = await createMember(test, admin, { name: 'Dora Doppelklick' });
    const space = await createSpace(admin, { name: 'Doppelt' });
    await member.client.post(`/api/v1/spaces/${space.id}/members`, {});
    const page = await loggedInPage(browser, test.baseUrl, member);
    await page.goto(`${test.baseUrl}/spaces/${space.id}`);
    const field = page.getByPlaceholder('Schreib etwas in Doppelt …');
    await field.fill('Das Foto vom Werkstor');
    await page
      .locator('.composer input[type=file]')
      .setInputFiles({ name: 'tor.jpg', mimeType: 'image/jpeg', buffer: await photo() });
    await expect
      .poll(() =>
        page
          .getByRole('progressbar', { name: /tor.jpg/ })
          .evaluate((el) => (el as HTMLProgressElement).value),
      )
      .toBe(1);
    await page.getByRole('button', { name: 'Posten' }).dblclick();
    await page.locator('article.post', { hasText: 'Das Foto vom Werkstor' }).first().waitFor();

    // Harder than any hand: two submits in the same task, before React can re-render.
    await field.fill('Zweimal abgeschickt');
    await page.locator('form.composer').evaluate((form: HTMLFormElement) => {
      form.requestSubmit();
      form.requestSubmit();
    });
    await page.locator('article.post', { hasText: 'Zweimal abgeschickt' }).first().waitFor();
    await page.waitForTimeout(500);
    expect(await page.getByRole('alert').count()).toBe(0);
    const feed = await member.client.get(`/api/v1/spaces/${space.id}/feed`);
    const bodies = (feed.body.items as Array<{ body: string }>).map((item) => item.body);
    expect(bodies.filter((body) => body === 'Das Foto vom Werkstor')).toHaveLength(1);
    expect(bodies.filter((body) => body === 'Zweimal abgeschickt')).toHaveLength(1);
    await page.reload();
    await page.locator('article.post', { hasText: 'Zweimal abgeschickt' }).first().waitFor();
    expect(await page.locator('article.post', { hasText: 'Das Foto vom Werkstor' }).count()).toBe(1);
  });

  it('members who may not write articles get an explanation instead of the editor', async () => {
    const member = await createMember(test, admin, { name: 'Max Mitglied' });
    const page: Page = await loggedInPage(browser, test.baseUrl, member);
    await page.goto(`${test.baseUrl}/articles/new`);
    await page.getByText('Artikel schreiben Redakteurinnen und Redakteure').waitFor();
    expect(await page.getByRole('button', { name: 'Jetzt veröffentlichen' }).count()).toBe(0);
    await expectAccessible(page, 'articles/new for a member');
  });

  it('administration: accounts in a searchable paged table, deactivation asks first and says it worked, tabs in the URL', async () => {
    for (let index = 0; index < 26; index++)
      await createMember(test, admin, { name: `Konto ${String(index).padStart(2, '0')} Tabelle` });
    const page = await loggedInPage(browser, test.baseUrl, {
      email: 'admin@example.com',
      password: 'correct horse battery',
    });
    await page.goto(`${test.baseUrl}/admin`);
    const rows = page.locator('.accounts-table tbody tr');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(25);
    await page.getByRole('button', { name: 'Weitere Konten laden' }).click();
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBeGreaterThan(25);
    await expectAccessible(page, 'admin accounts');
    await screenshot(page, 'admin-accounts');

    await page.getByLabel('Name oder E-Mail-Adresse').fill('Konto 07');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(1);
    await page.getByRole('combobox', { name: 'Rolle von Konto 07 Tabelle' }).selectOption('editor');
    await page.getByText('Konto 07 Tabelle hat jetzt die Rolle „Redakteur/in“.').waitFor();

    await page.getByRole('button', { name: 'Konto 07 Tabelle deaktivieren' }).click();
    const dialog = page.getByRole('dialog', { name: 'Konto 07 Tabelle deaktivieren?' });
    await dialog.waitFor();
    await expectAccessible(page, 'deactivation dialog');
    await dialog.getByRole('button', { name: 'Abbrechen' }).click();
    expect(await page.getByRole('dialog').count()).toBe(0);
    const stillActive = await admin.get('/api/v1/users?q=Konto%2007');
    expect(stillActive.body.items).toHaveLength(1);

    await page.getByRole('button', { name: 'Konto 07 Tabelle deaktivieren' }).click();
    await dialog.getByRole('button', { name: 'Deaktivieren' }).click();
    await page.getByText('Das Konto von Konto 07 Tabelle ist deaktiviert.').waitFor();
    expect((await admin.get('/api/v1/users?q=Konto%2007')).body.items).toHaveLength(0);

    // Tabs live in the URL: reload keeps them, only the active one is marked.
    await page.getByRole('link', { name: 'Einstellungen' }).last().click();
    await page.waitForURL(/tab=settings/);
    await page.reload();
    await page.getByLabel('Wer darf Spaces anlegen?').waitFor();
    expect(await page.locator('.admin-tabs [aria-current="page"]').allTextContents()).toEqual([
      'Einstellungen',
    ]);
    await page.goBack();
    await page.getByLabel('Name oder E-Mail-Adresse').waitFor();
    await screenshot(page, 'admin-settings');

    const phone = await loggedInPage(
      browser,
      test.baseUrl,
      { email: 'admin@example.com', password: 'correct horse battery' },
      { phone: true },
    );
    await phone.goto(`${test.baseUrl}/admin`);
    await phone.locator('.accounts-table tbody tr').first().waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot(phone, 'admin-accounts-phone');
  });

  it('news tabs: only the active one is highlighted and aria-current', async () => {
    const editor = await createMember(test, admin, { name: 'Tabea Tab', role: 'editor' });
    const page = await loggedInPage(browser, test.baseUrl, editor);
    await page.goto(`${test.baseUrl}/articles?state=draft`);
    await page.locator('nav.tabs').waitFor();
    expect(await page.locator('nav.tabs [aria-current="page"]').count()).toBe(1);
    expect(await page.locator('nav.tabs [aria-current="page"]').textContent()).toBe('Entwürfe');
  });
});
