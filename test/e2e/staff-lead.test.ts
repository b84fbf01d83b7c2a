import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, setUpOrganisation, type TestApp } from '../helpers/app.js';
import { decodeQr } from '../helpers/qr.js';
import {
  expectAccessible,
  launchBrowser,
  loggedInPage,
  openNav,
  screenshot,
  startE2eApp,
} from './browser.js';

describe('a team lead creates staff without e-mail in the browser', () => {
  let test: TestApp;
  let browser: Browser;
  let lead: Awaited<ReturnType<typeof createMember>>;
  let plain: Awaited<ReturnType<typeof createMember>>;

  beforeAll(async () => {
    test = await startE2eApp();
    browser = await launchBrowser();
    const { admin } = await setUpOrganisation(test);
    lead = await createMember(test, admin, { name: 'Lena Leitung' });
    expect((await admin.patch(`/api/v1/admin/users/${lead.user.id}`, { staffLead: true })).status).toBe(200);
    plain = await createMember(test, admin, { name: 'Paul Plain' });
  });
  afterAll(async () => {
    await browser?.close();
    await test?.close();
  });

  it('creates a colleague on a phone from the navigation and opens the code sheet', async () => {
    const page = await loggedInPage(browser, test.baseUrl, lead, { phone: true });
    await openNav(page, 'Mitarbeitende ohne E-Mail');
    await page.getByRole('heading', { name: 'Mitarbeitende ohne E-Mail' }).waitFor();
    await page.getByText('Noch niemand in deinem Team ohne E-Mail').waitFor();
    await expectAccessible(page, 'staff page of a team lead at 375 px');
    await screenshot(page, 'staff-lead-empty-phone');

    const create = page.getByRole('region', { name: 'Neue Kollegin oder neuen Kollegen anlegen' });
    await create.getByLabel('Vor- und Nachname').fill('Tom Transport');
    await create.getByLabel('Personalnummer').fill('T-42');
    await create.getByLabel('Abteilung').fill('Versand');
    await create.getByRole('button', { name: 'Person anlegen' }).click();
    const print = create.getByRole('link', { name: 'Zugangscode drucken' });
    await print.waitFor();
    await screenshot(page, 'staff-lead-created-phone');

    const [sheet] = await Promise.all([page.context().waitForEvent('page'), print.click()]);
    await sheet.waitForLoadState();
    await sheet.getByText('Hallo Tom Transport,').waitFor();
    const url = await decodeQr(await sheet.locator('.qr').screenshot());
    expect(url).toMatch(new RegExp(`^${test.baseUrl}/redeem\\?code=`));
    const person = (await page.evaluate(async () => (await fetch('/api/v1/staff/team')).json())).items[0];
    expect(person).toMatchObject({ name: 'Tom Transport', personnelNumber: 'T-42', department: 'Versand' });
  });

  it('lists the team for new codes on a desktop, in English too', async () => {
    const page = await loggedInPage(browser, test.baseUrl, lead, { locale: 'en-US' });
    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Staff without e-mail', exact: true })
      .click();
    const team = page.getByRole('region', { name: 'Access codes for your team' });
    await team.getByLabel('Tom Transport (T-42)').check();
    await team.getByRole('link', { name: 'Print access code' }).waitFor();
    await expectAccessible(page, 'staff page of a team lead, English');
    await screenshot(page, 'staff-lead-team-desktop-en');

    // Without the right there is no such entry in the navigation.
    const other = await loggedInPage(browser, test.baseUrl, plain);
    const nav = other.getByRole('navigation', { name: 'Hauptnavigation' });
    await nav.getByRole('link', { name: 'Start', exact: true }).waitFor();
    expect(await nav.getByRole('link', { name: 'Mitarbeitende ohne E-Mail' }).count()).toBe(0);
  });
});
