import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCredentials, setUpOrganisation, type TestApp } from '../helpers/app.js';
import { OIDC_CLIENT, startOidcProvider, type TestAccount } from '../helpers/oidc.js';
import { decodeQr } from '../helpers/qr.js';
import {
  expectAccessible,
  launchBrowser,
  loggedInPage,
  logIn,
  newContext,
  screenshot,
  startE2eApp,
} from './browser.js';

describe('identity in the browser', () => {
  let test: TestApp;
  let browser: Browser;
  let idp: Awaited<ReturnType<typeof startOidcProvider>>;
  const accounts = new Map<string, TestAccount>();

  beforeAll(async () => {
    test = await startE2eApp({ KANTINE_OUTBOUND_ALLOW_PRIVATE: 'true' });
    browser = await launchBrowser();
    const { admin } = await setUpOrganisation(test);
    idp = await startOidcProvider(test.baseUrl, accounts);
    const saved = await admin.put('/api/v1/admin/identity/oidc', {
      enabled: true,
      issuer: idp.issuer,
      clientId: OIDC_CLIENT.id,
      clientSecret: OIDC_CLIENT.secret,
      buttonLabel: 'Mit Firmenkonto anmelden',
      scopes: 'openid email profile groups',
      onlySso: false,
      groupsClaim: 'groups',
      departmentClaim: 'department',
      titleClaim: 'title',
      adminGroups: [],
      editorGroups: [],
      spaceMappings: [],
    });
    expect(saved.status).toBe(200);
    accounts.set('jonas', {
      sub: 'jonas',
      email: 'jonas.sso@example.com',
      email_verified: true,
      name: 'Jonas Sommer',
      department: 'Logistik',
      title: 'Lagerleiter',
    });
  });
  afterAll(async () => {
    await browser?.close();
    await test?.close();
    await idp?.close();
  });

  it('logs in through the SSO button at a real provider and lands in Kantine; logout goes through the provider', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${test.baseUrl}/login?next=/people`);
    const button = page.getByRole('link', { name: 'Mit Firmenkonto anmelden' });
    await button.waitFor();
    await expectAccessible(page, 'login with SSO');
    await screenshot(page, 'identity-login-sso');
    await button.click();
    await page.waitForURL(`${idp.issuer}/interaction/**`);
    await page.locator('input[name="login"]').fill('jonas');
    await page.locator('input[name="password"]').fill('any password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.waitForURL(`${test.baseUrl}/people`);
    await page.getByRole('heading', { name: 'Personen' }).waitFor();
    const me = await page.evaluate(async () => (await fetch('/api/v1/me')).json());
    expect(me).toMatchObject({ name: 'Jonas Sommer', department: 'Logistik', title: 'Lagerleiter' });

    await page.getByRole('button', { name: 'Abmelden' }).click();
    await page.waitForURL(`${idp.issuer}/session/end**`);
    // The Kantine session is gone: the app sends the browser to its login page.
    await page.goto(`${test.baseUrl}/`);
    await page.waitForURL(`${test.baseUrl}/login**`);
    await context.close();
  });

  it('shows why a sign-on failed, and the SSO settings to admins (desktop and phone)', async () => {
    const phone = await (await newContext(browser, { phone: true, locale: 'en-US' })).newPage();
    await phone.goto(`${test.baseUrl}/login?error=sso_email_unverified`);
    await phone.getByText('Your e-mail address is not verified').waitFor();
    await expectAccessible(phone, 'login error at 375 px');
    await screenshot(phone, 'identity-login-error-phone');

    const page = await loggedInPage(browser, test.baseUrl, adminCredentials);
    await page.goto(`${test.baseUrl}/admin?tab=sso`);
    const section = page.getByRole('region', { name: 'Single Sign-On (OpenID Connect)' });
    await section.getByLabel('Client-ID').waitFor();
    expect(await section.getByLabel('Client-ID').inputValue()).toBe(OIDC_CLIENT.id);
    expect(await section.getByLabel('Client-Secret').inputValue()).toBe('');
    await expectAccessible(page, 'admin SSO settings');
    await section.screenshot({ path: 'test-results/screenshots/identity-admin-sso.png' });
  });

  it('prints an access code for a person without e-mail; the QR code from the sheet is redeemed on a phone', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await logIn(page, test.baseUrl, adminCredentials);
    await page.goto(`${test.baseUrl}/admin?tab=staff`);
    const section = page.getByRole('region', { name: 'Personen ohne E-Mail' });
    await section.getByLabel('Vor- und Nachname').fill('Fatma Förster');
    await section.getByLabel('Personalnummer').fill('4711');
    await section.getByLabel('Abteilung').fill('Versand');
    await section.getByRole('button', { name: 'Person anlegen' }).click();
    const print = section.getByRole('link', { name: 'Zugangscode drucken' });
    await print.waitFor();
    await expectAccessible(page, 'admin staff section');
    const [sheet] = await Promise.all([context.waitForEvent('page'), print.click()]);
    await sheet.waitForLoadState();
    await sheet.getByText('Hallo Fatma Förster,').waitFor();
    await screenshot(sheet, 'identity-access-code-sheet');
    const url = await decodeQr(await sheet.locator('.qr').screenshot());
    expect(url).toMatch(new RegExp(`^${test.baseUrl}/redeem\\?code=`));

    const phone = await (await newContext(browser, { phone: true })).newPage();
    await phone.goto(url!);
    await phone.getByRole('heading', { name: 'Zugangscode einlösen' }).waitFor();
    await expectAccessible(phone, 'redeem page at 375 px');
    await screenshot(phone, 'identity-redeem-phone');
    await phone.getByRole('button', { name: 'Weiter' }).click();
    await phone.getByRole('heading', { name: 'Willkommen, Fatma Förster!' }).waitFor();
    await phone.getByLabel('Neues Passwort').fill('versand ist toll');
    await screenshot(phone, 'identity-redeem-password-phone');
    await phone.getByRole('button', { name: 'Passwort speichern und loslegen' }).click();
    await phone.waitForURL(`${test.baseUrl}/`);
    const me = await phone.evaluate(async () => (await fetch('/api/v1/me')).json());
    expect(me).toMatchObject({ name: 'Fatma Förster', department: 'Versand' });

    // The CSV import in the same admin page: a preview names the wrong line, nothing is saved.
    const importSection = page.getByRole('region', { name: 'Personen aus CSV importieren' });
    await importSection.getByLabel('CSV-Datei').setInputFiles({
      name: 'people.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        'name;email;department\nIna Import;ina@example.com;Einkauf\nKaputt;keine-adresse;Einkauf\n',
      ),
    });
    await importSection.getByRole('button', { name: 'Vorschau' }).click();
    await importSection.getByText('Zeile 3: email').waitFor();
    await importSection.getByLabel('Fehlerhafte Zeilen überspringen').check();
    await importSection.getByRole('button', { name: 'Importieren' }).click();
    await importSection.getByText('Importiert: 1 neu, 0 aktualisiert.').waitFor();
    await expectAccessible(page, 'admin import section');

    // Later: personnel number and password on the login page.
    const later = await (await newContext(browser, { phone: true, locale: 'en-US' })).newPage();
    await later.goto(`${test.baseUrl}/login`);
    await later.getByLabel('E-mail address or personnel number').fill('4711');
    await later.getByLabel('Password').fill('versand ist toll');
    await later.getByRole('button', { name: 'Log in', exact: true }).click();
    await later.waitForURL(`${test.baseUrl}/`);
    await context.close();
  });

  it('shows the org chart with search and department colours, on a desktop and on a phone', async () => {
    const { admin } = { admin: test.client() };
    await admin.post('/api/v1/session', adminCredentials);
    const add = async (name: string, department: string, managerId?: number) =>
      (await admin.post('/api/v1/admin/people', { name, department, title: 'Team', managerId })).body
        .id as number;
    const boss = await add('Helga Haupt', 'Geschäftsführung');
    const lead = await add('Olaf Ober', 'Produktion', boss);
    await add('Uwe Unter', 'Produktion', lead);
    await add('Sara Seller', 'Vertrieb', boss);

    for (const [label, options] of [
      ['desktop', {}],
      ['phone', { phone: true, locale: 'en-US' }],
    ] as const) {
      const context = await newContext(browser, options);
      await context.addCookies([{ name: 'kantine_session', value: admin.sessionCookie!, url: test.baseUrl }]);
      const page = await context.newPage();
      await page.goto(`${test.baseUrl}/org-chart`);
      await page.getByRole('link', { name: 'Uwe Unter' }).waitFor();
      await expectAccessible(page, `org chart (${label})`);
      await screenshot(page, `identity-org-chart-${label}`);
      await page.getByRole('searchbox').fill('vertrieb');
      await page.getByRole('link', { name: 'Sara Seller' }).waitFor();
      expect(await page.getByRole('link', { name: 'Uwe Unter' }).count()).toBe(0);
      await context.close();
    }
  });
});
