import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, setUpOrganisation, type TestApp } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';
import { addToSpace, createSpace } from '../helpers/stream.js';
import { expectAccessible, launchBrowser, newContext, openNav, screenshot, startE2eApp } from './browser.js';

async function logIn(page: Page, baseUrl: string, email: string, password: string) {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('E-Mail-Adresse').fill(email);
  await page.getByLabel('Passwort').fill(password);
  await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
  await page.waitForURL(`${baseUrl}/`);
}

describe('participation in the browser (phone, 375 px)', () => {
  let test: TestApp;
  let browser: Browser;
  let admin: TestClient;
  let anna: Awaited<ReturnType<typeof createMember>>;
  let bernd: Awaited<ReturnType<typeof createMember>>;
  let space: { id: number };
  beforeAll(async () => {
    test = await startE2eApp();
    browser = await launchBrowser();
    ({ admin } = await setUpOrganisation(test));
    anna = await createMember(test, admin, { name: 'Anna Autorin', email: 'anna@example.com' });
    bernd = await createMember(test, admin, { name: 'Bernd Kollege', email: 'bernd@example.com' });
    space = await createSpace(admin, { name: 'Betriebsrat', visibility: 'public' });
    await addToSpace(admin, anna.client, anna.user.id, space.id);
    await addToSpace(admin, bernd.client, bernd.user.id, space.id);
  });
  afterAll(async () => {
    await browser?.close();
    await test?.close();
  });

  it('votes in a poll in the feed; the second browser sees the count move live', async () => {
    const annaPage = await (await newContext(browser, { phone: true })).newPage();
    await logIn(annaPage, test.baseUrl, anna.email, anna.password);
    const berndPage = await (await newContext(browser, { phone: true })).newPage();
    await logIn(berndPage, test.baseUrl, bernd.email, bernd.password);

    await annaPage.goto(`${test.baseUrl}/spaces/${space.id}`);
    const field = annaPage.getByPlaceholder('Schreib etwas in Betriebsrat …');
    await field.fill('Wann soll die Betriebsversammlung stattfinden?');
    await annaPage.getByRole('button', { name: 'Umfrage hinzufügen' }).click();
    await annaPage.getByRole('textbox', { name: 'Option 1' }).fill('Dienstag');
    await annaPage.getByRole('textbox', { name: 'Option 2' }).fill('Donnerstag');
    await annaPage.getByRole('button', { name: 'Option hinzufügen' }).click();
    await annaPage.getByRole('textbox', { name: 'Option 3' }).fill('Freitag');
    await expectAccessible(annaPage, 'composer with a poll');
    await screenshot(annaPage, 'participation-poll-composer-375');
    await annaPage.getByRole('button', { name: 'Posten' }).dblclick();
    const annaPoll = annaPage.getByRole('form', { name: 'Umfrage' });
    await annaPoll.waitFor();
    expect(await annaPage.getByRole('form', { name: 'Umfrage' }).count()).toBe(1);

    await berndPage.goto(`${test.baseUrl}/spaces/${space.id}`);
    const berndPoll = berndPage.getByRole('form', { name: 'Umfrage' });
    await expect
      .poll(() => berndPoll.getByTestId('poll-total').textContent(), { timeout: 10_000 })
      .toMatch(/^0 Stimmen\b/);

    await annaPoll.getByRole('radio', { name: 'Donnerstag' }).check();
    await annaPoll.getByRole('button', { name: 'Abstimmen' }).click();
    await expect
      .poll(() => annaPoll.getByTestId('poll-total').textContent(), { timeout: 10_000 })
      .toMatch(/^1 Stimme\b/);
    // Bernd's open feed moves without a reload.
    await expect
      .poll(() => berndPoll.getByTestId('poll-total').textContent(), { timeout: 10_000 })
      .toMatch(/^1 Stimme\b/);

    await berndPoll.getByRole('radio', { name: 'Freitag' }).check();
    await berndPoll.getByRole('button', { name: 'Abstimmen' }).click();
    await expect
      .poll(() => berndPoll.getByTestId('poll-total').textContent(), { timeout: 10_000 })
      .toMatch(/^2 Stimmen\b/);
    await expect
      .poll(() => annaPoll.getByTestId('poll-total').textContent(), { timeout: 10_000 })
      .toMatch(/^2 Stimmen\b/);
    await expect.poll(() => annaPoll.getByText('50 %').count(), { timeout: 10_000 }).toBe(2);
    await expectAccessible(berndPage, 'poll with results');
    await screenshot(berndPage, 'participation-poll-results-375');

    // Changing one's vote.
    await berndPoll.getByRole('button', { name: 'Stimme ändern' }).click();
    await berndPoll.getByRole('radio', { name: 'Donnerstag' }).check();
    await berndPoll.getByRole('button', { name: 'Abstimmen' }).click();
    await expect.poll(() => annaPoll.getByText('100 %').count(), { timeout: 10_000 }).toBe(1);
    await annaPage.context().close();
    await berndPage.context().close();
  });

  it('submits an idea, a colleague votes, a reviewer changes its status and the author sees it', async () => {
    const annaPage = await (await newContext(browser, { phone: true })).newPage();
    await logIn(annaPage, test.baseUrl, anna.email, anna.password);
    await openNav(annaPage, 'Ideen');
    await annaPage.getByRole('heading', { name: 'Ideen', level: 1 }).waitFor();
    await annaPage.getByRole('button', { name: 'Idee einreichen' }).click();
    await annaPage.getByLabel('Titel').fill('Jobrad für alle');
    await annaPage.getByLabel('Problem').fill('Viele kommen mit dem Auto, obwohl sie nah wohnen.');
    await annaPage.getByLabel('Vorschlag').fill('Dienstradleasing über den Arbeitgeber anbieten.');
    await expectAccessible(annaPage, 'idea form');
    await screenshot(annaPage, 'participation-idea-form-375');
    await annaPage.getByRole('button', { name: 'Einreichen' }).dblclick();
    await annaPage.getByRole('link', { name: 'Jobrad für alle' }).first().waitFor();
    const ideas = await admin.get('/api/v1/ideas');
    expect(
      ideas.body.items.filter((i: { idea: { title: string } }) => i.idea.title === 'Jobrad für alle'),
    ).toHaveLength(1);
    const ideaId = ideas.body.items[0].id as number;

    const berndPage = await (await newContext(browser, { phone: true })).newPage();
    await logIn(berndPage, test.baseUrl, bernd.email, bernd.password);
    await berndPage.goto(`${test.baseUrl}/ideas/${ideaId}`);
    await berndPage.getByRole('heading', { name: 'Jobrad für alle' }).waitFor();
    await berndPage.getByRole('button', { name: /0 Stimmen/ }).click();
    await berndPage.getByRole('button', { name: /1 Stimme/ }).waitFor();
    await expectAccessible(berndPage, 'idea page');

    // Anna watches her idea; the administrator (a reviewer of the company board) moves it on.
    await annaPage.goto(`${test.baseUrl}/ideas/${ideaId}`);
    await annaPage.getByRole('button', { name: /1 Stimme/ }).waitFor();
    const adminPage = await (await newContext(browser, { phone: true })).newPage();
    await logIn(adminPage, test.baseUrl, 'admin@example.com', 'correct horse battery');
    await adminPage.goto(`${test.baseUrl}/ideas/${ideaId}`);
    const form = adminPage.getByRole('form', { name: 'Status ändern' });
    await form.getByLabel('Neuer Status').selectOption('planned');
    await form.getByLabel('Öffentliche Begründung').fill('Wir starten im Frühjahr mit einem Anbieter.');
    await form.getByRole('button', { name: 'Status speichern' }).click();
    await adminPage.getByText('Wir starten im Frühjahr mit einem Anbieter.').first().waitFor();

    // Anna's open page shows the new status live, and she has a notification.
    await annaPage.locator('.idea-detail .idea-status', { hasText: 'Geplant' }).first().waitFor();
    await annaPage.getByText('Wir starten im Frühjahr mit einem Anbieter.').first().waitFor();
    await annaPage.getByTestId('unread-badge').waitFor();
    await annaPage.getByRole('region', { name: 'Verlauf' }).getByText('Geplant').waitFor();
    await screenshot(annaPage, 'participation-idea-planned-375');
    await annaPage.goto(`${test.baseUrl}/ideas`);
    await annaPage.getByRole('tab', { name: 'Board' }).click();
    await annaPage
      .getByRole('region', { name: 'Geplant' })
      .getByRole('link', { name: 'Jobrad für alle' })
      .waitFor();
    await expectAccessible(annaPage, 'ideas board');
    await screenshot(annaPage, 'participation-ideas-board-375');
  });
});
