import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultWebRoot } from '../../src/server/app.js';
import { adminCredentials, setUpOrganisation, startTestApp, type TestApp } from '../helpers/app.js';
import { startReceiver } from '../helpers/webhooks.js';
import { expectAccessible, launchBrowser, loggedInPage, newContext, screenshot } from './browser.js';

describe('webhooks in the administration', () => {
  let test: TestApp;
  let browser: Browser;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    test = await startTestApp({ webRoot: defaultWebRoot, env: { KANTINE_OUTBOUND_ALLOW_PRIVATE: 'true' } });
    test.clock.advance(Date.now() - test.clock.now().getTime());
    browser = await launchBrowser();
    receiver = await startReceiver();
    await setUpOrganisation(test);
  });
  afterAll(async () => {
    await browser?.close();
    await receiver?.close();
    await test?.close();
  });

  it('creates a webhook with chosen events, shows its secret once, lists deliveries, deletes it', async () => {
    const page = await loggedInPage(browser, test.baseUrl, adminCredentials);
    await page.goto(`${test.baseUrl}/admin?tab=webhooks`);
    await page.getByRole('heading', { name: 'Webhooks' }).waitFor();
    await page.getByText('Noch keine Webhooks.').waitFor();
    await page.getByLabel('Empfänger-Adresse (URL)').fill(receiver.url);
    await page.getByLabel('Beschreibung (optional)').fill('Team-Chat');
    await page.getByLabel(/Neuer Space/).check();
    await page.getByRole('button', { name: 'Webhook anlegen' }).click();
    const secret = page.getByRole('status').filter({ hasText: 'Signatur-Schlüssel' });
    await secret.waitFor();
    expect(await secret.locator('code').textContent()).toMatch(/^whsec_/);
    await expectAccessible(page, 'webhooks section');

    // A new space goes out to the receiver and shows up in the deliveries.
    const created = await test.client();
    await created.post('/api/v1/session', adminCredentials);
    await created.post('/api/v1/spaces', { name: 'Neu im Haus', visibility: 'public', description: '' });
    await receiver.waitFor(1);
    await page.reload();
    await page.getByText(/zuletzt zugestellt \(200\)/).waitFor();
    await page.getByRole('button', { name: 'Zustellungen' }).click();
    await page.getByRole('cell', { name: /space\.created/ }).waitFor();
    await page.getByRole('heading', { name: 'Webhooks' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'admin-webhooks-de');

    const phone = await (await newContext(browser, { phone: true, locale: 'en-US' })).newPage();
    await phone.context().addCookies(await page.context().cookies());
    await phone.goto(`${test.baseUrl}/admin?tab=webhooks`);
    await phone.getByRole('heading', { name: 'Webhooks' }).waitFor();
    await phone.getByRole('button', { name: /Deliveries|Zustellungen/ }).click();
    await screenshot(phone, 'admin-webhooks-phone');

    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Löschen' }).click();
    await page.getByText('Noch keine Webhooks.').waitFor();
  });
});
