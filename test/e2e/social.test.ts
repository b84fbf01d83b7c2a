import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminCredentials,
  createMember,
  drainOutbox,
  setUpOrganisation,
  type TestApp,
} from '../helpers/app.js';
import { startMastodon } from '../helpers/mastodon.js';
import { expectAccessible, launchBrowser, newContext, screenshot, startE2eApp } from './browser.js';

async function logIn(browser: Browser, baseUrl: string, email: string, password: string, phone = false) {
  const context = await newContext(browser, { phone });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('E-Mail-Adresse').fill(email);
  await page.getByLabel('Passwort').fill(password);
  await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
  await page.waitForURL(`${baseUrl}/`);
  return page;
}

describe('the social media desk in the browser', () => {
  let test: TestApp;
  let browser: Browser;
  let mastodon: Awaited<ReturnType<typeof startMastodon>>;
  beforeAll(async () => {
    [test, browser, mastodon] = await Promise.all([
      startE2eApp({ KANTINE_OUTBOUND_ALLOW_PRIVATE: 'true' }),
      launchBrowser(),
      startMastodon('e2e-token'),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await test?.close();
    await mastodon?.close();
  });

  it('an employee suggests a story, the pictured colleague consents, the desk plans and publishes it to Mastodon, the employee is told', async () => {
    const { admin } = await setUpOrganisation(test);
    const max = await createMember(test, admin, { name: 'Max Mitarbeiter' });
    const carla = await createMember(test, admin, { name: 'Carla Kollegin' });

    // Max, on his phone, suggests a story from below the composer, with a picture of Carla.
    const maxPage = await logIn(browser, test.baseUrl, max.email, max.password, true);
    await maxPage.getByRole('link', { name: 'Das wäre was für unsere Kanäle' }).first().click();
    await maxPage.getByRole('heading', { level: 1, name: 'Geschichte vorschlagen' }).waitFor();
    await maxPage.getByLabel('Worum geht es?').fill('Carla gewinnt den Azubi-Preis');
    await maxPage.getByLabel('Erzähl die Geschichte').fill('Carla hat den Preis der IHK gewonnen.');
    const photo = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#e76f51' } })
      .jpeg()
      .toBuffer();
    await maxPage
      .locator('input[type=file]')
      .setInputFiles({ name: 'carla.jpg', mimeType: 'image/jpeg', buffer: photo });
    await maxPage.getByLabel('Urheber/in (Foto: …) *').fill('Max Mitarbeiter');
    await maxPage.getByLabel('Quelle *').fill('Eigenes Foto');
    await maxPage.getByLabel('Lizenz *').fill('Alle Rechte bei der Firma');
    await expectAccessible(maxPage, 'suggest a story (phone)');
    await screenshot(maxPage, 'social-suggest-phone');
    await maxPage.getByRole('button', { name: 'Vorschlagen' }).dblclick();
    await maxPage.getByRole('heading', { level: 1, name: 'Carla gewinnt den Azubi-Preis' }).waitFor();
    await maxPage.getByLabel('Kolleg:in auf dem Bild').selectOption({ label: 'Carla Kollegin' });
    await maxPage.getByRole('button', { name: 'Um Zustimmung bitten' }).click();
    await maxPage.getByText('angefragt').waitFor();
    await expectAccessible(maxPage, 'story page (phone)');
    await screenshot(maxPage, 'social-story-phone');
    expect((await test.app.kantine.database.db.selectFrom('stories').select('id').execute()).length).toBe(1);

    // Carla is told, opens the story from her notifications and consents.
    await drainOutbox(test);
    const carlaPage = await logIn(browser, test.baseUrl, carla.email, carla.password, true);
    await carlaPage.goto(`${test.baseUrl}/notifications`);
    await carlaPage.getByText('bittet dich um Zustimmung').click();
    await carlaPage.getByRole('heading', { level: 1, name: 'Carla gewinnt den Azubi-Preis' }).waitFor();
    await carlaPage.getByRole('button', { name: 'Ich stimme zu' }).click();
    await carlaPage.getByText('zugestimmt').waitFor();

    // Greta from communications writes the social-media guidelines; Carla gets the right as well.
    const greta = await createMember(test, admin, { name: 'Greta Grundsatz' });
    for (const person of [greta, carla])
      expect((await admin.patch(`/api/v1/admin/users/${person.user.id}`, { socialMedia: true })).status).toBe(
        200,
      );
    const guidelines = await greta.client.put('/api/v1/social/guidelines', {
      title: 'Unsere Social-Media-Richtlinien',
      body: 'Wir posten freundlich und sachlich.\nKeine Kundendaten, keine Fotos ohne Zustimmung.',
    });
    expect(guidelines.status).toBe(200);
    await drainOutbox(test);

    // The desk (the admin, at a desk) connects Mastodon through the instance's own consent page.
    const desk = await logIn(browser, test.baseUrl, adminCredentials.email, adminCredentials.password);
    await desk.getByRole('heading', { name: 'Social-Media-Richtlinien' }).waitFor(); // the right column asks
    await desk.getByRole('link', { name: 'Social Media' }).first().click();
    await desk.getByRole('tab', { name: 'Richtlinien' }).click();
    await desk.getByText('1 von 3 Personen mit dem Social-Media-Recht').waitFor();
    for (const name of ['Ada Admin', 'Carla Kollegin'])
      await desk.locator('.social-people li', { hasText: name }).waitFor();
    await expectAccessible(desk, 'guidelines on the desk');
    await screenshot(desk, 'social-guidelines-desk');
    await desk.getByRole('tab', { name: 'Konten' }).click();
    await desk.getByLabel('Adresse der Mastodon-Instanz').fill(mastodon.url);
    await desk.getByRole('button', { name: 'Mit Mastodon verbinden' }).click();
    await desk.waitForURL(`${test.baseUrl}/social?mastodon=connected`);
    await desk.getByText('Mastodon ist verbunden.').waitFor();
    await desk.getByText('@firma@').waitFor();
    expect(mastodon.apps).toHaveLength(1);
    expect(mastodon.apps[0].clientName).toBe('Kantine – Testfirma GmbH');
    await screenshot(desk, 'social-accounts-desk');
    await desk.getByRole('tab', { name: 'Geschichten' }).click();
    await desk.getByRole('link', { name: 'Carla gewinnt den Azubi-Preis' }).click();
    await desk.getByLabel('Status').selectOption('planned');
    const tomorrow = new Date(Date.now() + 86_400_000);
    const local = new Date(tomorrow.getTime() - tomorrow.getTimezoneOffset() * 60_000)
      .toISOString()
      .slice(0, 11);
    await desk.getByLabel('Geplant für').fill(`${local}10:00`);
    await desk.getByLabel('Notiz an die vorschlagende Person').fill('Kommt morgen auf Mastodon!');
    await desk.getByRole('button', { name: 'Speichern und benachrichtigen' }).click();
    await desk.getByText('Notiz vom Social-Media-Team: Kommt morgen auf Mastodon!').waitFor();

    await desk.getByLabel('Konto').selectOption({ index: 1 });
    await desk
      .getByLabel('Text', { exact: true })
      .fill('Carla hat den Azubi-Preis der IHK gewonnen! #Ausbildung');
    await desk.getByText('Bild 1 braucht einen Alternativtext.').waitFor();
    await desk.getByLabel('Alternativtext (Pflicht)').fill('Carla mit Urkunde vor dem Werkstor');
    await expect.poll(() => desk.getByText('Bild 1 braucht einen Alternativtext.').count()).toBe(0);
    await expectAccessible(desk, 'story page (desk)');
    await screenshot(desk, 'social-story-desk');
    await desk.getByRole('button', { name: 'Als Entwurf speichern' }).click();
    // Not before the guidelines are confirmed.
    await desk.getByRole('button', { name: 'Jetzt veröffentlichen' }).click();
    await desk.getByText('Bitte lies und bestätige zuerst die Social-Media-Richtlinien').waitFor();
    expect(mastodon.created()).toBe(0);
    const storyUrl = desk.url();
    await desk.goto(`${test.baseUrl}/social/guidelines`);
    await desk.getByRole('heading', { level: 1, name: 'Unsere Social-Media-Richtlinien' }).waitFor();
    await expectAccessible(desk, 'guidelines page');
    await desk.getByRole('button', { name: 'Gelesen und verstanden' }).click();
    await desk.getByText('Du hast diese Fassung am').waitFor();
    await desk.goto(storyUrl);
    await desk.getByRole('button', { name: 'Jetzt veröffentlichen' }).click();
    await desk.getByRole('link', { name: 'Veröffentlichten Beitrag ansehen' }).waitFor();
    expect(mastodon.created()).toBe(1);
    expect(mastodon.media[0].description).toBe('Carla mit Urkunde vor dem Werkstor');

    // The calendar shows the planned story.
    await desk.getByRole('link', { name: '← Zurück zum Social-Media-Desk' }).click();
    await desk.getByRole('tab', { name: 'Kalender' }).click();
    await desk.locator('.social-item-story').first().waitFor();
    await expectAccessible(desk, 'calendar');
    await screenshot(desk, 'social-calendar-desk');

    // Max is told that it went out.
    await drainOutbox(test);
    await maxPage.goto(`${test.baseUrl}/notifications`);
    await maxPage.getByText('https://mastodon.example/@firma/101').waitFor();
    await screenshot(maxPage, 'social-notified-phone');

    // Published, the story offers colleagues plain share links — in English too.
    expect((await max.client.patch('/api/v1/me', { locale: 'en' })).status).toBe(200);
    const storyId = (
      await test.app.kantine.database.db.selectFrom('stories').select('id').executeTakeFirstOrThrow()
    ).id;
    await maxPage.goto(`${test.baseUrl}/social/stories/${storyId}`);
    await maxPage.getByRole('heading', { name: 'Share' }).waitFor();
    await maxPage.getByRole('link', { name: 'LinkedIn' }).waitFor();
    await expectAccessible(maxPage, 'published story with sharing (phone, English)');
    await screenshot(maxPage, 'social-share-phone-en');
  }, 120_000);
});
