import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUpOrganisation, type TestApp } from '../helpers/app.js';
import { expectAccessible, launchBrowser, newContext, screenshot, startE2eApp } from './browser.js';

describe('security settings in the browser', () => {
  let test: TestApp;
  let browser: Browser;
  let setLocale: (locale: 'de' | 'en') => Promise<void>;
  beforeAll(async () => {
    test = await startE2eApp();
    browser = await launchBrowser();
    const { admin } = await setUpOrganisation(test);
    setLocale = async (locale) => {
      expect((await admin.patch('/api/v1/me', { locale })).status).toBe(200);
    };
  });
  afterAll(async () => {
    await browser?.close();
    await test?.close();
  });

  it('an admin changes the address for links; the password form says what a change ends', async () => {
    for (const [locale, phone] of [
      ['de-DE', false],
      ['en-GB', true],
    ] as const) {
      await setLocale(locale === 'de-DE' ? 'de' : 'en');
      const context = await newContext(browser, { locale, phone });
      const page = await context.newPage();
      await page.goto(`${test.baseUrl}/login`);
      const german = locale === 'de-DE';
      await page.getByLabel(german ? 'E-Mail-Adresse' : 'E-mail address').fill('admin@example.com');
      await page.getByLabel(german ? 'Passwort' : 'Password').fill('correct horse battery');
      await page.getByRole('button', { name: german ? 'Anmelden' : 'Log in', exact: true }).click();
      await page.waitForURL((url) => !url.pathname.startsWith('/login'));

      await page.goto(`${test.baseUrl}/admin?tab=settings`);
      const field = page.getByLabel(german ? 'Adresse von Kantine' : 'Kantine’s address');
      // The address stored at setup; the German round changes it, the English one changes it back.
      await expect
        .poll(() => field.inputValue())
        .toBe(german ? test.baseUrl : 'https://intranet.example.com');
      await field.fill(german ? 'https://intranet.example.com' : test.baseUrl);
      await page.getByRole('button', { name: german ? 'Adresse speichern' : 'Save address' }).click();
      await page.getByText(german ? 'Adresse gespeichert.' : 'Address saved.').waitFor();
      await expectAccessible(page, `admin address ${locale}`);
      await page
        .getByRole('heading', { name: german ? 'Adresse für Links' : 'Address for links' })
        .scrollIntoViewIfNeeded();
      await screenshot(page, `security-admin-${locale}${phone ? '-phone' : ''}`);

      await page.goto(`${test.baseUrl}/settings`);
      await page
        .getByText(
          german
            ? 'Danach bist du auf allen anderen Geräten abgemeldet, und alle deine Zugangstokens werden widerrufen.'
            : 'Afterwards you are logged out on all other devices, and all your access tokens are revoked.',
        )
        .waitFor();
      await expectAccessible(page, `settings ${locale}`);
      await screenshot(page, `security-settings-${locale}${phone ? '-phone' : ''}`);
      await context.close();
    }
    expect((await test.client().get('/api/v1/organisation')).body.publicUrl).toBe(test.baseUrl);
  });
});
