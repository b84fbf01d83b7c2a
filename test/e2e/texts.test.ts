import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCredentials, setUpOrganisation, type TestApp } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';
import {
  launchBrowser,
  loggedInPage,
  logIn,
  newContext,
  openNav,
  screenshot,
  startE2eApp,
} from './browser.js';

// Texts of lazily loaded pages live with their feature (src/web/features/*/i18n) and load with the
// page: they must be there on a direct load, after navigating and after switching the language.
const rawKey =
  /\b(surveys|social|ldap|identity|secondFactor|adminTabs|adminAccounts|webhooks|tokens|security|settings|notifications|articles|ideas|spaces)\.[a-z]\w*/;

/** The main navigation in English (browser.ts's openNav knows the German names). */
async function openNavEn(page: Page, name: string) {
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  const link = nav.getByRole('link', { name, exact: true });
  await nav.waitFor();
  if (!(await link.isVisible())) await nav.getByRole('button', { name: 'More' }).click();
  await link.click();
}

async function expectNoRawKeys(page: Page) {
  expect(await page.locator('body').textContent()).not.toMatch(rawKey);
}

describe('texts that load with their feature', () => {
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

  it('show in German and English on a direct load, on navigation and after switching', async () => {
    const page = await loggedInPage(browser, test.baseUrl, adminCredentials, { locale: 'de-DE' });

    // Straight to a moved page, then on to others through the navigation.
    await page.goto(`${test.baseUrl}/surveys`);
    await page.getByText('Noch keine Umfragen').waitFor();
    await expectNoRawKeys(page);
    await screenshot(page, 'texts-surveys-de');
    await openNav(page, 'Einstellungen');
    await page.getByRole('heading', { name: 'Persönliche Zugriffstoken' }).waitFor();
    await expectNoRawKeys(page);

    // Switching on a moved page switches its texts and those of pages visited before.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Personal access tokens' }).waitFor();
    await expectNoRawKeys(page);
    await screenshot(page, 'texts-settings-en');
    await openNavEn(page, 'Surveys');
    await page.getByText('No surveys yet').waitFor();
    await expectNoRawKeys(page);

    // A reload straight onto a moved page in English.
    await page.goto(`${test.baseUrl}/admin?tab=ldap`);
    await page.getByText('Kantine reads people and groups from your directory').waitFor();
    await expect.poll(() => page.getByRole('link', { name: 'Single sign-on' }).count()).toBe(1);
    await expectNoRawKeys(page);
    await screenshot(page, 'texts-admin-ldap-en');

    // Back to German: the texts of a page first loaded in English arrive in German too.
    await openNavEn(page, 'Settings');
    await page.getByRole('button', { name: 'Deutsch' }).click();
    await page.getByRole('heading', { name: 'Persönliche Zugriffstoken' }).waitFor();
    await page.goBack();
    await page.getByText('Kantine liest Personen und Gruppen aus eurem Verzeichnis').waitFor();
    await expectNoRawKeys(page);
    await screenshot(page, 'texts-admin-ldap-de');
    await page.context().close();
  });

  it('show on a phone in English when the page is the first one loaded', async () => {
    // The person chose English elsewhere: after logging in, the app stores that choice.
    expect((await admin.patch('/api/v1/me', { locale: 'en' })).status).toBe(200);
    const page = await (await newContext(browser, { phone: true })).newPage();
    await logIn(page, test.baseUrl, adminCredentials);
    await expect.poll(() => page.evaluate(() => localStorage.getItem('kantine.locale'))).toBe('en');
    await page.goto(`${test.baseUrl}/social`);
    await page.getByRole('heading', { name: 'Social media desk' }).waitFor();
    await page.getByText('No stories in this state').waitFor();
    await expectNoRawKeys(page);
    await screenshot(page, 'texts-social-en-375');
    await openNavEn(page, 'Surveys');
    await page.getByText('No surveys yet').waitFor();
    await expectNoRawKeys(page);
    await screenshot(page, 'texts-surveys-en-375');
    await page.context().close();
  });
});
