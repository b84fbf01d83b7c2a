import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newsroomMessages } from '../../src/server/modules/newsroom/newsroom.messages.js';
import { createMember, setUpOrganisation, type TestApp } from '../helpers/app.js';
import {
  expectAccessible,
  launchBrowser,
  loggedInPage,
  newContext,
  screenshot,
  startE2eApp,
} from './browser.js';

describe('company news in the browser', () => {
  let test: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    test = await startE2eApp();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await test?.close();
  });

  it('an editor publishes a credited must-read, an employee confirms, a guest comments, the editor approves', async () => {
    const { admin } = await setUpOrganisation(test);
    const editor = await createMember(test, admin, { name: 'Rita Redaktion', role: 'editor' });
    const employee = await createMember(test, admin, { name: 'Emil Mitarbeiter' });

    // The editor writes the article with a cover photo and its credit.
    const page = await loggedInPage(browser, test.baseUrl, editor);
    await page.getByRole('link', { name: 'Neuigkeiten' }).first().click();
    await page.getByRole('link', { name: 'Neuer Artikel' }).click();
    await page.getByRole('textbox', { name: /^Titel/ }).fill('Betriebsversammlung am Freitag');
    await page.getByLabel('Vorspann').fill('Alle Infos zur Versammlung in der Halle 3.');
    const photo = await sharp({ create: { width: 800, height: 450, channels: 3, background: '#2a9d8f' } })
      .jpeg()
      .toBuffer();
    await page
      .locator('input[type=file][accept="image/*"]')
      .first()
      .setInputFiles({ name: 'halle.jpg', mimeType: 'image/jpeg', buffer: photo });
    await page.getByLabel('Urheber/in (Foto: …) *').waitFor();
    await page.getByLabel('Urheber/in (Foto: …) *').fill('Rita Redaktion');
    await page.getByLabel('Quelle *').fill('Eigenes Foto');
    await page.getByLabel('Lizenz *').fill('Alle Rechte vorbehalten');
    await page
      .getByLabel('Text', { exact: true })
      .fill('## Ablauf\n\n- Begrüßung\n- Bericht des Betriebsrats\n\n> Bitte pünktlich sein.');
    await page.getByRole('textbox', { name: /^Kategorie/ }).fill('Intern');
    await page.getByLabel('Als Pflichtlektüre markieren (mit „Gelesen und verstanden“)').check();
    await page.getByLabel('Auch öffentlich im Newsroom zeigen (Blog, RSS)').check();
    await expectAccessible(page, 'article editor');
    await screenshot(page, 'article-editor');
    await page.getByRole('button', { name: 'Jetzt veröffentlichen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Betriebsversammlung am Freitag' }).waitFor();
    await expect
      .poll(() => page.locator('.article-cover figcaption').textContent())
      .toContain('Foto: Rita Redaktion');
    await page.getByRole('heading', { name: 'Lesebestätigungen' }).waitFor();
    await expect
      .poll(() => page.locator('.confirmation-rate').textContent())
      .toContain('0 von 3 haben bestätigt');
    await expectAccessible(page, 'article page (editor)');
    await screenshot(page, 'article-editor-view');

    // The employee sees it pinned at the top of the home feed and confirms it.
    const reader = await loggedInPage(browser, test.baseUrl, employee, { phone: true });
    const card = reader.locator('article.post').first();
    await card.getByText('Pflichtlektüre').waitFor();
    await expectAccessible(reader, 'home with must-read');
    await screenshot(reader, 'home-must-read-phone');
    await card.getByRole('link', { name: 'Betriebsversammlung am Freitag' }).click();
    await reader.getByRole('button', { name: 'Gelesen und verstanden' }).click();
    await reader.getByText(/Du hast am .* bestätigt/).waitFor();
    await page.reload();
    await expect
      .poll(() => page.locator('.confirmation-rate').textContent())
      .toContain('1 von 3 haben bestätigt');

    // A guest reads it in the public newsroom, without logging in, and comments.
    const guestContext = await newContext(browser);
    const guest = await guestContext.newPage();
    await guest.goto(`${test.baseUrl}/news`);
    await guest.getByRole('link', { name: 'Betriebsversammlung am Freitag' }).click();
    await guest.getByRole('heading', { level: 1, name: 'Betriebsversammlung am Freitag' }).waitFor();
    expect(await guest.locator('figcaption').textContent()).toContain(
      'Foto: Rita Redaktion, Quelle: Eigenes Foto',
    );
    await guest.getByText('Keine Kommentare').waitFor();
    await expectAccessible(guest, 'public article');
    await guest.getByLabel('Name *').fill('Gisela Gast');
    await guest.getByLabel('E-Mail *').fill('gisela@example.org');
    await guest.getByLabel('Kommentar *').fill('Danke für die Einladung!');
    const question = (await guest.locator('label[for=captcha_answer]').textContent()) ?? '';
    const [, a, b] = question.match(/Wie viel ist (\p{L}+) \+ (\p{L}+) =/u) ?? [];
    const numbers = newsroomMessages.de.numbers;
    await guest.getByLabel(/Sicherheitsfrage/).fill(String(numbers.indexOf(a) + numbers.indexOf(b)));
    await screenshot(guest, 'public-article');
    await guest.getByRole('button', { name: 'Kommentar absenden' }).click();
    await guest.getByText('Dein Kommentar wird geprüft').waitFor();
    // Post/redirect/get: the browser is back on the article, so a reload sends nothing.
    expect(new URL(guest.url()).pathname).not.toContain('/comments');
    await expectAccessible(guest, 'public article after commenting');

    // The editor approves it in the moderation queue; the guest then sees it.
    await page.goto(`${test.baseUrl}/articles/moderation`);
    await page.locator('.guest-comment-body', { hasText: 'Danke für die Einladung!' }).waitFor();
    await expectAccessible(page, 'moderation');
    await screenshot(page, 'moderation');
    await page.getByRole('button', { name: 'Freigeben' }).click();
    await page.getByText('Keine Gastkommentare in dieser Liste.').waitFor();
    await guest.goto(guest.url().replace(/[?#].*$/, ''));
    await guest.getByText('1 Kommentar').waitFor();
    await guest.getByText('Danke für die Einladung!').waitFor();
    await guest.goto(`${test.baseUrl}/news`);
    await expectAccessible(guest, 'public news list');
    await screenshot(guest, 'public-news');

    // An edit after publishing keeps the earlier version.
    await page.goto(`${test.baseUrl}/articles`);
    await page.getByRole('link', { name: 'Betriebsversammlung am Freitag' }).click();
    await page.getByRole('link', { name: 'Bearbeiten' }).click();
    await page.getByRole('textbox', { name: /^Titel/ }).fill('Betriebsversammlung am Freitag, 10 Uhr');
    await page.getByRole('button', { name: 'Speichern', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Betriebsversammlung am Freitag, 10 Uhr' }).waitFor();
    await page.getByRole('heading', { name: 'Frühere Fassungen' }).waitFor();
    await page.locator('.revision summary', { hasText: 'Betriebsversammlung am Freitag' }).click();
    await page.locator('.revision-body', { hasText: 'Bericht des Betriebsrats' }).waitFor();
    await expectAccessible(page, 'article with revisions');
  });
});
