import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { firstLink } from '../helpers/mail.js';
import { expectAccessible, launchBrowser, newContext, screenshot, startE2eApp } from './browser.js';

describe('foundation journey in the browser', () => {
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

  it('sets up, invites, accepts, edits a profile with avatar, finds the person and switches language', async () => {
    const adminContext = await newContext(browser);
    const admin = await adminContext.newPage();

    // First start: the setup page.
    await admin.goto(test.baseUrl);
    await admin.waitForURL('**/setup');
    await expect.poll(() => admin.locator('html').getAttribute('lang')).toBe('de');
    await expectAccessible(admin, 'setup');
    await screenshot(admin, 'setup');
    await admin.getByLabel('Name der Organisation').fill('Bäckerei Sonnenschein GmbH');
    await admin.getByLabel('Vor- und Nachname').fill('Greta Gründerin');
    await admin.getByLabel('E-Mail-Adresse').fill('greta@sonnenschein.example');
    await admin.getByLabel('Passwort').fill('sonnige tage 2026');
    await admin.getByRole('button', { name: 'Kantine einrichten' }).click();
    await admin.getByRole('heading', { name: 'Hallo Greta!' }).waitFor();
    await expectAccessible(admin, 'home');
    await screenshot(admin, 'home');

    // Invite a colleague from a pasted list.
    await admin.getByRole('link', { name: 'Verwaltung' }).click();
    await admin.getByRole('link', { name: 'Einladungen' }).click();
    await admin.getByLabel('E-Mail-Adressen').fill('Paul Bäcker <paul@sonnenschein.example>;');
    await admin.getByRole('button', { name: '1 Einladung senden' }).click();
    await admin.getByText('Einladung per E-Mail verschickt.').waitFor();
    await expectAccessible(admin, 'admin');
    await screenshot(admin, 'admin');
    const link = firstLink(await test.mailbox.waitFor('paul@sonnenschein.example'));

    // The colleague accepts and edits the profile, with a photo.
    const paulContext = await newContext(browser);
    const paul = await paulContext.newPage();
    await paul.goto(link);
    await paul.getByRole('heading', { name: 'Willkommen bei Bäckerei Sonnenschein GmbH' }).waitFor();
    await expectAccessible(paul, 'accept invitation');
    await paul.getByLabel('Vor- und Nachname').fill('Paul Bäcker');
    await paul.getByLabel('Passwort').fill('frische brötchen');
    await paul.getByRole('button', { name: 'Konto anlegen' }).click();
    await paul.waitForURL('**/settings');
    const photo = await sharp({
      create: { width: 600, height: 400, channels: 3, background: { r: 230, g: 160, b: 60 } },
    })
      .jpeg()
      .toBuffer();
    await paul
      .locator('input[type=file]')
      .setInputFiles({ name: 'paul.jpg', mimeType: 'image/jpeg', buffer: photo });
    await paul.locator('.avatar-upload img.avatar').waitFor();
    await paul.getByLabel('Position').fill('Bäckermeister');
    await paul.getByLabel('Abteilung').fill('Backstube');
    await paul.getByLabel('Fähigkeiten').fill('Sauerteig, Laugengebäck');
    await paul.getByRole('button', { name: 'Speichern' }).click();
    await paul.getByText('Gespeichert.').waitFor();
    await expectAccessible(paul, 'settings');
    await screenshot(paul, 'settings');

    // The admin finds Paul in the directory as they type, by skill, and opens the profile.
    await admin.getByRole('link', { name: 'Personen', exact: true }).click();
    await admin.getByLabel('Name, Position oder Fähigkeit').fill('sauert');
    await admin.getByRole('link', { name: /Paul Bäcker/ }).waitFor();
    await expect.poll(() => admin.locator('.person-card').count()).toBe(1);
    await expectAccessible(admin, 'directory');
    await screenshot(admin, 'directory');
    await admin.getByRole('link', { name: /Paul Bäcker/ }).click();
    await admin.getByRole('heading', { name: 'Paul Bäcker' }).waitFor();
    await admin.getByText('Bäckermeister · Backstube').waitFor();
    expect(await admin.locator('.profile-header img.avatar').count()).toBe(1);
    await expectAccessible(admin, 'profile');
    await screenshot(admin, 'profile');

    // Paul switches to English; the choice sticks across a reload because it is saved to the profile.
    await paul.getByRole('button', { name: 'English' }).click();
    await paul.getByRole('heading', { name: 'Settings', exact: true }).waitFor();
    expect(await paul.locator('html').getAttribute('lang')).toBe('en');
    await paul.evaluate(() => localStorage.clear());
    await paul.reload();
    await paul.getByRole('heading', { name: 'Settings', exact: true }).waitFor();
    await expectAccessible(paul, 'settings in English');

    // On a phone the navigation is a bottom bar and the directory fits 375 px.
    const phoneContext = await newContext(browser, { phone: true });
    await phoneContext.addCookies(await adminContext.cookies());
    const phone = await phoneContext.newPage();
    await phone.goto(`${test.baseUrl}/people`);
    await phone.getByRole('link', { name: /Paul Bäcker/ }).waitFor();
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await expectAccessible(phone, 'directory on a phone');
    await screenshot(phone, 'directory-phone');
    await phone.goto(`${test.baseUrl}/`);
    await phone.getByRole('heading', { name: 'Hallo Greta!' }).waitFor();
    await screenshot(phone, 'home-phone');
  });

  it('logs in and out, and says clearly when the password is wrong', async () => {
    const context = await newContext(browser, { locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto(`${test.baseUrl}/people`);
    await page.waitForURL('**/login**');
    await page.getByLabel('E-mail address').fill('greta@sonnenschein.example');
    await page.getByLabel('Password').fill('wrong password!');
    await page.getByRole('button', { name: 'Log in', exact: true }).click();
    await page.getByRole('alert').getByText('E-mail address or password is wrong.').waitFor();
    await expectAccessible(page, 'login with error');
    await screenshot(page, 'login-error');
    await page.getByLabel('Password').fill('sonnige tage 2026');
    await page.getByRole('button', { name: 'Log in', exact: true }).click();
    await page.waitForURL('**/people');
    // Greta chose German at setup: her own setting wins over the browser's English once she is known.
    await page.getByRole('heading', { name: 'Personen' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    await page.getByRole('button', { name: 'Abmelden' }).click();
    await page.waitForURL('**/login**');
    await page.goto(`${test.baseUrl}/settings`);
    await page.waitForURL('**/login**');
  });
});
