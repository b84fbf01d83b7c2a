import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, setUpOrganisation, type TestApp } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';
import {
  expectAccessible,
  launchBrowser,
  loggedInPage,
  newContext,
  openNav,
  screenshot,
  startE2eApp,
} from './browser.js';

/*
 * Participation, continued: a poll inside an article, the reviewer right given in the
 * administration, and the transparency page in both languages.
 */
const adminCredentials = { email: 'admin@example.com', password: 'correct horse battery' };

describe('participation: article polls, rights and transparency in the browser', () => {
  let test: TestApp;
  let browser: Browser;
  let admin: TestClient;
  let anna: Awaited<ReturnType<typeof createMember>>;
  let bernd: Awaited<ReturnType<typeof createMember>>;
  beforeAll(async () => {
    test = await startE2eApp();
    browser = await launchBrowser();
    ({ admin } = await setUpOrganisation(test));
    anna = await createMember(test, admin, { name: 'Anna Autorin', email: 'anna@example.com' });
    bernd = await createMember(test, admin, { name: 'Bernd Kollege', email: 'bernd@example.com' });
  });
  afterAll(async () => {
    await browser?.close();
    await test?.close();
  });

  it('an editor adds a poll to an article; a reader votes on the article page at 375 px', async () => {
    const editor = await loggedInPage(browser, test.baseUrl, adminCredentials);
    await editor.goto(`${test.baseUrl}/articles/new`);
    await editor.getByRole('textbox', { name: /^Titel/ }).fill('Neue Kantine: welches Motto?');
    await editor.getByLabel('Text', { exact: true }).fill('Wir eröffnen im Mai. Stimmt ab!');
    await editor.getByRole('button', { name: 'Umfrage hinzufügen' }).click();
    await editor.getByRole('textbox', { name: 'Option 1' }).fill('Frisch & regional');
    await editor.getByRole('textbox', { name: 'Option 2' }).fill('Mittagspause für alle');
    await editor.getByLabel('Mehrfachauswahl erlauben').check();
    // A reload keeps the poll with the rest of the draft (kept in this tab until saved).
    await editor.reload();
    await expect
      .poll(() => editor.getByRole('textbox', { name: 'Option 2' }).inputValue(), { timeout: 10_000 })
      .toBe('Mittagspause für alle');
    expect(await editor.getByRole('textbox', { name: /^Titel/ }).inputValue()).toBe(
      'Neue Kantine: welches Motto?',
    );
    expect(await editor.getByLabel('Mehrfachauswahl erlauben').isChecked()).toBe(true);
    await editor.getByLabel('Mehrfachauswahl erlauben').uncheck();
    await expectAccessible(editor, 'article editor with a poll');
    await screenshot(editor, 'participation-article-poll-editor');
    await editor.getByRole('button', { name: 'Jetzt veröffentlichen' }).click();
    await editor.getByRole('heading', { name: 'Neue Kantine: welches Motto?', level: 1 }).waitFor();
    const articleId = Number(new URL(editor.url()).pathname.split('/').pop());
    const editorPoll = editor.getByRole('form', { name: 'Umfrage' });
    await expect
      .poll(() => editorPoll.getByTestId('poll-total').textContent(), { timeout: 10_000 })
      .toMatch(/^0 Stimmen\b/);

    const reader = await loggedInPage(browser, test.baseUrl, bernd, { phone: true });
    // The article's card in the feed carries the poll too.
    await reader
      .getByRole('form', { name: 'Umfrage' })
      .getByRole('radio', { name: 'Frisch & regional' })
      .waitFor();
    await reader.goto(`${test.baseUrl}/articles/${articleId}`);
    const poll = reader.getByRole('form', { name: 'Umfrage' });
    await poll.getByRole('radio', { name: 'Mittagspause für alle' }).check();
    await poll.getByRole('button', { name: 'Abstimmen' }).click();
    await expect
      .poll(() => poll.getByTestId('poll-total').textContent(), { timeout: 10_000 })
      .toMatch(/^1 Stimme\b/);
    await expect.poll(() => poll.getByText('100 %').count(), { timeout: 10_000 }).toBe(1);
    await expectAccessible(reader, 'article with a poll at 375 px');
    await screenshot(reader, 'participation-article-poll-375');
    // The editor's open page moves live.
    await expect
      .poll(() => editorPoll.getByTestId('poll-total').textContent(), { timeout: 10_000 })
      .toMatch(/^1 Stimme\b/);
    const stored = await admin.get(`/api/v1/articles/${articleId}`);
    expect(stored.body.poll.options.map((o: { votes: number }) => o.votes)).toEqual([0, 1]);
    await editor.context().close();
    await reader.context().close();
  });

  it('an admin gives the reviewer right; that person then changes a company idea’s status', async () => {
    const created = await anna.client.post('/api/v1/ideas', {
      title: 'Wasserspender im Lager',
      problem: 'Im Sommer wird es im Lager sehr heiß.',
      proposal: 'Zwei Wasserspender aufstellen.',
    });
    expect(created.status).toBe(201);
    const ideaId = created.body.id as number;

    const reviewer = await loggedInPage(browser, test.baseUrl, bernd, { phone: true });
    await reviewer.goto(`${test.baseUrl}/ideas/${ideaId}`);
    await reviewer.getByRole('heading', { name: 'Wasserspender im Lager' }).waitFor();
    expect(await reviewer.getByRole('form', { name: 'Status ändern' }).count()).toBe(0);

    const adminPage = await loggedInPage(browser, test.baseUrl, adminCredentials, { phone: true });
    await openNav(adminPage, 'Verwaltung');
    await adminPage.getByLabel('Name oder E-Mail-Adresse').fill('Bernd');
    const right = adminPage.getByRole('checkbox', { name: 'Bernd Kollege darf Ideen prüfen' });
    await right.waitFor();
    expect(await right.isChecked()).toBe(false);
    await right.click(); // a controlled checkbox: it shows the stored right once the server answered
    await adminPage
      .getByText('Bernd Kollege darf jetzt Ideen des unternehmensweiten Ideenboards prüfen.')
      .waitFor();
    await expectAccessible(adminPage, 'people with their rights at 375 px');
    await screenshot(adminPage, 'participation-reviewer-right-375');
    // The list shows it after a reload too.
    await adminPage.reload();
    await adminPage.getByLabel('Name oder E-Mail-Adresse').fill('Bernd');
    await expect
      .poll(() => adminPage.getByRole('checkbox', { name: 'Bernd Kollege darf Ideen prüfen' }).isChecked(), {
        timeout: 10_000,
      })
      .toBe(true);
    // The team-lead right (staff without e-mail) is toggled in the same list.
    const lead = adminPage.getByRole('checkbox', {
      name: 'Bernd Kollege leitet ein Team mit Mitarbeitenden ohne E-Mail',
    });
    expect(await lead.isChecked()).toBe(false);
    await lead.click();
    await adminPage
      .getByText('Bernd Kollege kann jetzt Mitarbeitende ohne E-Mail anlegen und ihnen Zugangscodes geben.')
      .waitFor();
    const rights = await admin.get('/api/v1/admin/rights');
    expect(rights.body.items.find((item: { field: string }) => item.field === 'staffLead').userIds).toEqual([
      bernd.user.id,
    ]);

    await reviewer.reload();
    const form = reviewer.getByRole('form', { name: 'Status ändern' });
    await form.getByLabel('Neuer Status').selectOption('planned');
    await form.getByLabel('Öffentliche Begründung').fill('Bestellt, kommt im Juni.');
    await form.getByRole('button', { name: 'Status speichern' }).click();
    await reviewer.getByText('Bestellt, kommt im Juni.').first().waitFor();
    const idea = await admin.get(`/api/v1/content/${ideaId}`);
    expect(idea.body.idea.status).toBe('planned');
    await adminPage.context().close();
    await reviewer.context().close();
  });

  async function checkTransparency(page: Page, title: string, minimum: RegExp, label: string) {
    await page.getByRole('heading', { name: title, level: 1 }).waitFor();
    await page.getByText(minimum).waitFor();
    expect(await page.locator('a[href="/surveys/anonymity"]').count()).toBe(1);
    await expectAccessible(page, label);
  }

  it('shows the transparency page in German and English', async () => {
    const german = await loggedInPage(browser, test.baseUrl, anna, { phone: true });
    await openNav(german, 'Einstellungen');
    await german.getByRole('link', { name: 'Transparenz & Datenschutz' }).click();
    await german.waitForURL(`${test.baseUrl}/transparency`);
    await checkTransparency(german, 'Transparenz & Datenschutz', /mindestens 5 Personen/, 'transparency de');
    await german.getByRole('heading', { name: 'Lesebestätigungen nur bei Pflichtlektüre' }).waitFor();
    await screenshot(german, 'participation-transparency-de-375');
    // Reached from the anonymity option of the poll composer as well.
    await german.goto(`${test.baseUrl}/`);
    await german.getByRole('button', { name: 'Umfrage hinzufügen' }).click();
    await german.getByRole('link', { name: 'Was Kantine speichert und wer es sieht' }).click();
    await german.waitForURL(`${test.baseUrl}/transparency`);
    await german.context().close();

    const english = await (await newContext(browser, { locale: 'en-GB' })).newPage();
    await english.goto(`${test.baseUrl}/login`);
    await english.getByLabel('E-mail address or personnel number').fill(bernd.email);
    await english.getByLabel('Password').fill(bernd.password);
    await english.getByRole('button', { name: 'Log in', exact: true }).click();
    await english.waitForURL(`${test.baseUrl}/`);
    await english
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Settings', exact: true })
      .click();
    await english.getByRole('link', { name: 'Transparency & privacy' }).click();
    await checkTransparency(english, 'Transparency & privacy', /at least 5 people/, 'transparency en');
    await english.getByRole('heading', { name: 'Anonymous polls' }).waitFor();
    await screenshot(english, 'participation-transparency-en');
    await english.context().close();
  });
});
