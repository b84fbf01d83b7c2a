import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, setUpOrganisation, type TestApp } from '../helpers/app.js';
import { expectAccessible, launchBrowser, newContext, openNav, screenshot, startE2eApp } from './browser.js';

async function logIn(browser: Browser, baseUrl: string, email: string, password: string, locale = 'de-DE') {
  const context = await newContext(browser, { phone: true, locale });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel(locale.startsWith('de') ? 'E-Mail-Adresse' : 'Email address').fill(email);
  await page.getByLabel(locale.startsWith('de') ? 'Passwort' : 'Password').fill(password);
  await page
    .getByRole('button', { name: locale.startsWith('de') ? 'Anmelden' : 'Log in', exact: true })
    .click();
  await page.waitForURL(`${baseUrl}/`);
  return page;
}

describe('surveys in the browser (375 px)', () => {
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

  it('a manager creates a survey, an employee answers it, the manager sees the chart', async () => {
    const { admin } = await setUpOrganisation(test);
    const manager = await createMember(test, admin, { name: 'Hanna Personal', role: 'editor' });
    const employee = await createMember(test, admin, { name: 'Emil Mitarbeiter' });
    const others = [await createMember(test, admin), await createMember(test, admin)];
    expect((await admin.patch('/api/v1/organisation', { surveyMinGroupSize: 3 })).status).toBe(200);

    // The manager builds the survey on a phone.
    const page = await logIn(browser, test.baseUrl, manager.email, manager.password);
    await openNav(page, 'Umfragen');
    await page.getByRole('link', { name: 'Neue Umfrage' }).click();
    await page.getByRole('textbox', { name: /^Titel/ }).fill('Mittagspause');
    await page.getByRole('button', { name: 'Einfachauswahl' }).click();
    await page
      .getByRole('textbox', { name: /^Frage/ })
      .nth(0)
      .fill('Wo isst du mittags?');
    await page.getByLabel('Antwortmöglichkeiten 1').fill('Kantine');
    await page.getByLabel('Antwortmöglichkeiten 2').fill('Unterwegs');
    await page.getByRole('button', { name: 'Skala' }).click();
    await page
      .getByRole('textbox', { name: /^Frage/ })
      .nth(1)
      .fill('Wie zufrieden bist du mit dem Essen?');
    await expect
      .poll(() => page.getByText(/Antworten werden ohne Bezug zur Person gespeichert/).count())
      .toBe(1);
    await screenshot(page, 'surveys-editor-de-375');
    await page.getByRole('button', { name: 'Umfrage anlegen' }).dblclick();
    await page.waitForURL(/\/surveys\/\d+$/);
    const surveyId = Number(page.url().split('/').pop());
    const listed = await manager.client.get('/api/v1/surveys');
    expect(listed.body.items.filter((s: { title: string }) => s.title === 'Mittagspause')).toHaveLength(1);

    // The employee answers on a phone; a double click sends once.
    const phone = await logIn(browser, test.baseUrl, employee.email, employee.password);
    await openNav(phone, 'Umfragen');
    await phone.getByRole('link', { name: 'Mittagspause' }).click();
    await phone.getByText('Anonym: Kantine speichert nur, dass du geantwortet hast').waitFor();
    await phone.getByRole('radio', { name: 'Kantine' }).check();
    await phone.getByRole('radio', { name: '4' }).check();
    await screenshot(phone, 'surveys-answer-de-375');
    await expectAccessible(phone, 'answer page');
    await phone.getByRole('button', { name: 'Antworten absenden' }).dblclick();
    await phone.getByText('Danke! Deine Antworten sind angekommen.').waitFor();
    expect(await phone.getByRole('alert').count()).toBe(0);
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(375);

    // Two colleagues answer too (the minimum group size is 3 here).
    const survey = (await manager.client.get(`/api/v1/surveys/${surveyId}`)).body;
    const [choice, scale] = survey.questions;
    for (const [i, other] of others.entries())
      expect(
        (
          await other.client.post(`/api/v1/surveys/${surveyId}/responses`, {
            answers: [
              { questionId: choice.id, optionIds: [choice.options[i].id] },
              { questionId: scale.id, value: 5 },
            ],
          })
        ).status,
      ).toBe(201);

    // The manager sees the results as charts.
    await page.goto(`${test.baseUrl}/surveys/${surveyId}/results`);
    await page.getByText('3 Antworten').first().waitFor();
    await expect.poll(() => page.locator('.survey-chart canvas').count()).toBe(2);
    const kantineRow = page.getByRole('row', { name: /Kantine/ });
    await expect.poll(() => kantineRow.textContent()).toContain('2');
    await page.getByText('Durchschnitt 4,67').waitFor();
    await screenshot(page, 'surveys-results-de-375');
    await expectAccessible(page, 'results page');
    const csv = await page.getByRole('link', { name: 'CSV herunterladen' }).getAttribute('href');
    expect(csv).toBe(`/api/v1/surveys/${surveyId}/results.csv`);
  });
});
