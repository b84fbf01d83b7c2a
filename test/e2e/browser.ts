import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { defaultWebRoot } from '../../src/server/app.js';
import { setUpOrganisation, startTestApp, type TestApp } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const screenshotDir = path.resolve('test-results/screenshots');

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export async function startE2eApp(env?: Record<string, string>): Promise<TestApp> {
  // The server's clock must be real here: the browser's clock is.
  const test = await startTestApp({ webRoot: defaultWebRoot, env });
  test.clock.advance(Date.now() - test.clock.now().getTime());
  return test;
}

/** What a browser suite works with: the running app, its organisation's admin, the browser. */
export interface BrowserSuite {
  test: TestApp;
  admin: TestClient;
  browser: Browser;
}

/**
 * The usual start of a browser suite, called inside `describe`: before the tests the app starts
 * (real clock), an organisation is set up by its admin and Chromium launches; after them both
 * close. The returned object's fields are there once the tests run.
 */
export function browserSuite(env?: Record<string, string>): BrowserSuite {
  const suite = {} as BrowserSuite;
  beforeAll(async () => {
    suite.test = await startE2eApp(env);
    suite.browser = await launchBrowser();
    suite.admin = (await setUpOrganisation(suite.test)).admin;
  });
  afterAll(async () => {
    await suite.browser?.close();
    await suite.test?.close();
  });
  return suite;
}

export async function newContext(
  browser: Browser,
  options: { locale?: string; phone?: boolean } = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({
    locale: options.locale ?? 'de-DE',
    viewport: options.phone ? { width: 375, height: 740 } : { width: 1280, height: 860 },
    isMobile: options.phone,
    hasTouch: options.phone,
  });
  // CI runs the browser next to the other test projects on two cores: a page load there once took
  // longer than Playwright's 30 s default, while the test itself has 90 s.
  context.setDefaultNavigationTimeout(60_000);
  return context;
}

/** Runs axe-core in the page and fails on any serious or critical violation. */
export async function expectAccessible(page: Page, label: string) {
  // Evaluated through the DevTools protocol, so the page's strict CSP stays on for everything else.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const result = await (window as any).axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v: { impact: string }) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v: { id: string; impact: string; nodes: { target: string[] }[] }) =>
          `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
      );
  });
  expect(violations, `accessibility of ${label}`).toEqual([]);
}

export async function screenshot(page: Page, name: string) {
  fs.mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
}

/**
 * Logs in through the login page and waits for home. The page speaks the browser's language, so the
 * field and button are found by their exact German or English names.
 */
export async function logIn(page: Page, baseUrl: string, credentials: { email: string; password: string }) {
  await page.goto(`${baseUrl}/login`);
  await page
    .getByLabel(/E-Mail-Adresse oder Personalnummer|E-mail address or personnel number/)
    .fill(credentials.email);
  await page.getByLabel(/Passwort|Password/).fill(credentials.password);
  await page.getByRole('button', { name: /^(Anmelden|Log in)$/ }).click();
  await page.waitForURL(`${baseUrl}/`);
}

/** A new browser context (desktop or phone) with a logged-in page. */
export async function loggedInPage(
  browser: Browser,
  baseUrl: string,
  credentials: { email: string; password: string },
  options: { locale?: string; phone?: boolean } = {},
): Promise<Page> {
  const page = await (await newContext(browser, options)).newPage();
  await logIn(page, baseUrl, credentials);
  return page;
}

/** Follows a main navigation entry; on a phone the entries beyond the bottom bar are under "Mehr". */
export async function openNav(page: Page, name: string) {
  const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
  const link = nav.getByRole('link', { name, exact: true });
  await nav.waitFor();
  if (!(await link.isVisible())) await nav.getByRole('button', { name: 'Mehr' }).click();
  await link.click();
}
