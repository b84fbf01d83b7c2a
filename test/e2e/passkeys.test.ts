import * as OTPAuth from 'otpauth';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, setUpOrganisation, type TestApp } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';
import { expectAccessible, launchBrowser, newContext, screenshot, startE2eApp } from './browser.js';

/**
 * Passkeys through Chromium's virtual authenticator and TOTP at 375 px. WebAuthn needs a secure
 * context: http://localhost counts as one, so the app's public address (the relying party) is
 * http://localhost:PORT and the browser uses that address.
 */
describe('second factor and passkeys in the browser', () => {
  let test: TestApp;
  let browser: Browser;
  let admin: TestClient;
  let base: string;

  beforeAll(async () => {
    test = await startE2eApp();
    browser = await launchBrowser();
    ({ admin } = await setUpOrganisation(test));
    base = test.baseUrl.replace('127.0.0.1', 'localhost');
    const saved = await admin.patch('/api/v1/organisation', { publicUrl: base });
    expect(saved.status).toBe(200);
  });
  afterAll(async () => {
    await browser?.close();
    await test?.close();
  });

  async function logIn(page: Page, email: string, password: string) {
    await page.goto(`${base}/login`);
    await page.getByLabel('E-Mail-Adresse oder Personalnummer').fill(email);
    await page.getByLabel('Passwort').fill(password);
    await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
  }

  it('registers a passkey in the settings, logs out and logs in with it (virtual authenticator)', async () => {
    const member = await createMember(test, admin, { name: 'Petra Passkey', email: 'petra@example.com' });
    const context = await newContext(browser);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
      },
    });

    await logIn(page, member.email, member.password);
    await page.waitForURL(`${base}/`);
    await page.goto(`${base}/settings`);
    const section = page.getByRole('region', { name: 'Zweiter Faktor und Passkeys' });
    await section.getByText('Noch keine Passkeys.').waitFor();
    await section.getByLabel('Name des Passkeys').fill('Laptop');
    // A double click creates one passkey, not two.
    await section.getByRole('button', { name: 'Passkey hinzufügen' }).dblclick();
    await section.getByText('Der Passkey wurde gespeichert.').waitFor();
    await section.getByRole('list', { name: 'Passkeys' }).getByText('Laptop').waitFor();
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(credentials).toHaveLength(1);
    expect(credentials[0].isResidentCredential).toBe(true);
    const listed = await page.evaluate(async () => (await fetch('/api/v1/me/passkeys')).json());
    expect(listed.items).toHaveLength(1);
    await expectAccessible(page, 'settings with a passkey');
    await screenshot(page, 'passkeys-settings');

    // Logging out ends the session's live sockets, this tab's too (the server sends "session ended"
    // before it answers the logout); that message must not send the tab to /login a second time,
    // racing the navigation already under way. A round trip to the server later, no page load
    // may have begun (a reload would also end this page's scripts: the evaluate would fail).
    const documentLoads: string[] = [];
    page.on('request', (request) => {
      if (request.isNavigationRequest()) documentLoads.push(request.url());
    });
    await page.getByRole('button', { name: 'Abmelden', exact: true }).click();
    await page.waitForURL(`${base}/login**`);
    await page.evaluate(async () => {
      await fetch('/api/v1/auth/providers');
      await new Promise((resolve) => setTimeout(resolve, 200));
    });
    expect(documentLoads).toEqual([]);
    await page.getByRole('button', { name: 'Mit Passkey anmelden' }).click();
    await page.waitForURL(`${base}/`);
    const me = await page.evaluate(async () => (await fetch('/api/v1/me')).json());
    expect(me).toMatchObject({ id: member.user.id, name: 'Petra Passkey' });
    const after = await page.evaluate(async () => (await fetch('/api/v1/me/passkeys')).json());
    expect(after.items[0].lastUsedAt).not.toBeNull();

    // A password login of a person with only a passkey is sent to the passkey.
    await page.getByRole('button', { name: 'Abmelden', exact: true }).click();
    await page.waitForURL(`${base}/login**`);
    await logIn(page, member.email, member.password);
    await page.getByText('Bestätige die Anmeldung mit deinem Passkey.').waitFor();
    await page.getByRole('button', { name: 'Mit Passkey anmelden' }).click();
    await page.waitForURL(`${base}/`);
    await context.close();
  });

  it('sets up an authenticator app and logs in with password and code on a phone (375 px)', async () => {
    const member = await createMember(test, admin, { name: 'Tom Totp', email: 'tom@example.com' });
    const context = await newContext(browser, { phone: true });
    const page = await context.newPage();
    await logIn(page, member.email, member.password);
    await page.waitForURL(`${base}/`);
    await page.goto(`${base}/settings`);
    const section = page.getByRole('region', { name: 'Zweiter Faktor und Passkeys' });
    await section.getByRole('button', { name: 'Authenticator-App einrichten' }).dblclick();
    await section.getByRole('img', { name: 'QR-Code für die Authenticator-App' }).waitFor();
    const secret = (await section.getByTestId('totp-secret').textContent())!.trim();
    const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) });
    // The server's clock stands still in tests; codes are made for its time.
    const code = () => totp.generate({ timestamp: test.clock.now().getTime() });
    await expectAccessible(page, 'TOTP set-up at 375 px');
    await screenshot(page, 'second-factor-setup-phone');
    await section.getByLabel('Sechsstelliger Code').fill(code());
    await section.getByRole('button', { name: 'Bestätigen und einschalten' }).dblclick();
    const codes = section.getByRole('list', { name: 'Deine Wiederherstellungscodes' }).locator('code');
    await codes.first().waitFor();
    expect(await codes.count()).toBe(10);
    await screenshot(page, 'second-factor-recovery-codes-phone');
    await section.getByRole('button', { name: 'Ich habe sie gesichert' }).click();
    await section.getByText('Noch 10 Wiederherstellungscodes übrig.').waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(375);

    await page.getByRole('button', { name: 'Abmelden', exact: true }).click();
    await page.waitForURL(`${base}/login**`);
    await logIn(page, member.email, member.password);
    await page.getByRole('heading', { name: 'Bestätigung' }).waitFor();
    // The code used to confirm does not work again; the next one does.
    await page.getByLabel('Sechsstelliger Code').fill(code());
    await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
    await page.getByText('Der Code stimmt nicht, ist abgelaufen oder wurde schon benutzt.').waitFor();
    await expectAccessible(page, 'second factor step at 375 px');
    await screenshot(page, 'second-factor-login-phone');
    test.clock.advance(30_000);
    await page.getByLabel('Sechsstelliger Code').fill(code());
    await page.getByRole('button', { name: 'Anmelden', exact: true }).dblclick();
    await page.waitForURL(`${base}/`);
    const me = await page.evaluate(async () => (await fetch('/api/v1/me')).json());
    expect(me).toMatchObject({ id: member.user.id });
    await context.close();
  });

  it('sets up a passkey instead of a password from an access code on a phone', async () => {
    const person = await admin.post('/api/v1/admin/people', { name: 'Lena Lager', personnelNumber: 'L-42' });
    const issued = await admin.post('/api/v1/admin/access-codes', { userIds: [person.body.id] });
    const context = await newContext(browser, { phone: true });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
      },
    });
    await page.goto(`${base}/redeem?code=${issued.body.codes[0].code}`);
    await page.getByRole('button', { name: 'Weiter' }).click();
    await page.getByRole('heading', { name: 'Willkommen, Lena Lager!' }).waitFor();
    await expectAccessible(page, 'redeem with passkey at 375 px');
    await screenshot(page, 'second-factor-redeem-passkey-phone');
    await page.getByRole('button', { name: 'Passkey einrichten' }).click();
    await page.waitForURL(`${base}/`);
    const me = await page.evaluate(async () => (await fetch('/api/v1/me')).json());
    expect(me).toMatchObject({ id: person.body.id });
    // A normal session now: more than the set-up session could read.
    const spaces = await page.evaluate(async () => (await fetch('/api/v1/spaces')).status);
    expect(spaces).toBe(200);
    await context.close();
  });

  it('sends an admin without a second factor to set one up when the organisation requires it (English)', async () => {
    const totp = await admin.post('/api/v1/me/second-factor/totp');
    const code = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(totp.body.secret) }).generate({
      timestamp: test.clock.now().getTime(),
    });
    expect((await admin.post('/api/v1/me/second-factor/totp/confirm', { code })).status).toBe(200);
    expect((await admin.put('/api/v1/admin/identity/second-factor', { adminsRequired: true })).status).toBe(
      200,
    );
    const other = await createMember(test, admin, {
      role: 'admin',
      name: 'Anna Admin',
      email: 'anna@example.com',
    });
    const context = await newContext(browser, { locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await page.getByLabel('E-mail address or personnel number').fill(other.email);
    await page.getByLabel('Password').fill(other.password);
    await page.getByRole('button', { name: 'Log in', exact: true }).click();
    await page.waitForURL(`${base}/`);
    await page.goto(`${base}/admin?tab=settings`);
    await page
      .getByText('Your organisation requires administrators to have a second factor.')
      .first()
      .waitFor();
    await expectAccessible(page, 'admin second factor gate');
    await screenshot(page, 'second-factor-admin-gate');
    const section = page.getByRole('region', { name: 'Second factor and passkeys' });
    await section.getByRole('button', { name: 'Set up authenticator app' }).click();
    const secret = (await section.getByTestId('totp-secret').textContent())!.trim();
    test.clock.advance(30_000);
    await section.getByLabel('Six-digit code').fill(
      new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) }).generate({
        timestamp: test.clock.now().getTime(),
      }),
    );
    await section.getByRole('button', { name: 'Confirm and turn on' }).click();
    // The recovery codes stay on screen until the admin continues.
    await section.getByRole('list', { name: 'Your recovery codes' }).waitFor();
    await page.getByRole('button', { name: 'Continue to the administration' }).click();
    const rule = page.getByLabel('Administrators need a second factor');
    await rule.waitFor();
    expect(await rule.isChecked()).toBe(true);
    await expectAccessible(page, 'admin second factor settings');
    await page.getByRole('region', { name: 'Second factor', exact: true }).screenshot({
      path: 'test-results/screenshots/second-factor-admin-settings.png',
    });
    await context.close();
  });
});
