import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCredentials, setUpOrganisation, type TestApp } from '../helpers/app.js';
import { expectAccessible, launchBrowser, loggedInPage, screenshot, startE2eApp } from './browser.js';

describe('search and files in the browser', () => {
  let test: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    test = await startE2eApp();
    browser = await launchBrowser();
    await setUpOrganisation(test, { demo: true });
  });
  afterAll(async () => {
    await browser?.close();
    await test?.close();
  });

  it('suggests as you type, opens a result, and shows all results with highlighted matches', async () => {
    const page = await loggedInPage(browser, test.baseUrl, adminCredentials);

    const box = page.getByRole('combobox', { name: 'Suchen' });
    await box.fill('Krüg');
    const option = page.getByRole('option', { name: /Sabine Krüger/ });
    await option.waitFor();
    await expectAccessible(page, 'search suggestions');
    await screenshot(page, 'search-suggest');
    await option.click();
    await page.getByRole('heading', { name: 'Sabine Krüger' }).waitFor();

    // The demo's quality post is tagged #Audit and Anja Richter lists "Audits" among her skills.
    await box.fill('Audit');
    await box.press('Enter');
    await page.waitForURL('**/search?q=Audit');
    await page.getByRole('heading', { name: 'Suche' }).waitFor();
    const first = page.locator('.search-results li').first();
    await first.waitFor();
    const marks = await page.locator('.search-results mark').allTextContents();
    expect(marks.length).toBeGreaterThan(0);
    for (const mark of marks) expect(mark).toMatch(/audit/i);
    await expectAccessible(page, 'search results');
    await screenshot(page, 'search-results');
    await page.locator('.search-results li', { hasText: 'bestanden' }).getByRole('link').first().click();
    await page.waitForURL('**/posts/*');
    await page.locator('article.post').waitFor();
  });

  it('uploads two files with progress into a space library and downloads one', async () => {
    const page = await loggedInPage(browser, test.baseUrl, adminCredentials);
    await page
      .getByRole('navigation', { name: 'Hauptnavigation' })
      .getByRole('link', { name: 'Spaces' })
      .click();
    // The home feed's posts carry "Alle" chips too, and may still show while the list loads.
    await page
      .getByRole('link', { name: 'Alle', exact: true })
      .and(page.locator('.space-card-title'))
      .click();
    await page.getByRole('tab', { name: 'Dateien' }).click();
    await page.getByText('Noch keine Dateien').waitFor();
    await page.locator('.library input[type=file][multiple]').setInputFiles([
      {
        name: 'Speiseplan KW 48.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from('Montag: Linsensuppe\nDienstag: Schnitzel'),
      },
      {
        name: 'Hausordnung.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from('Bitte Türen schließen.'.repeat(2000)),
      },
    ]);
    await expect.poll(() => page.getByRole('progressbar').count()).toBe(2);
    await page.getByRole('link', { name: 'Speiseplan KW 48.txt', exact: true }).waitFor();
    await page.getByRole('link', { name: 'Hausordnung.txt', exact: true }).waitFor();
    await expectAccessible(page, 'file library');
    await screenshot(page, 'file-library');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Speiseplan KW 48.txt herunterladen' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('Speiseplan KW 48.txt');
  });
});
