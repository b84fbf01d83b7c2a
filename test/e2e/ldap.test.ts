import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCredentials, setUpOrganisation, type TestApp } from '../helpers/app.js';
import { SERVICE_DN, SERVICE_PASSWORD, type Slapd, SUFFIX, startSlapd } from '../helpers/ldap.js';
import { expectAccessible, launchBrowser, newContext, screenshot, startE2eApp } from './browser.js';

function tree() {
  const parts = [
    `dn: ou=people,${SUFFIX}\nobjectClass: organizationalUnit\nou: people\n`,
    `dn: ou=groups,${SUFFIX}\nobjectClass: organizationalUnit\nou: groups\n`,
  ];
  for (let n = 1; n <= 12; n++)
    parts.push(
      [
        `dn: uid=m${n},ou=people,${SUFFIX}`,
        'objectClass: inetOrgPerson',
        `uid: m${n}`,
        `cn: Mitarbeiterin Nummer ${n}`,
        'sn: Nummer',
        `mail: m${n}@example.com`,
        'title: Lager',
        ...(n > 1 ? [`manager: uid=m1,ou=people,${SUFFIX}`] : []),
        `userPassword: pw-m${n}`,
        '',
      ].join('\n'),
    );
  parts.push(
    [
      `dn: cn=Lager,ou=groups,${SUFFIX}`,
      'objectClass: groupOfNames',
      'cn: Lager',
      `member: uid=m2,ou=people,${SUFFIX}`,
      '',
    ].join('\n'),
  );
  return parts.join('\n');
}

describe('LDAP in the administration (375 px)', () => {
  let test: TestApp;
  let browser: Browser;
  let slapd: Slapd;
  beforeAll(async () => {
    slapd = await startSlapd(tree());
    test = await startE2eApp();
    browser = await launchBrowser();
    await setUpOrganisation(test);
  });
  afterAll(async () => {
    try {
      await browser?.close();
      await test?.close();
    } finally {
      await slapd?.stop();
    }
  });

  it('sets up the directory, tests it, shows a dry run, syncs, and a directory user logs in', async () => {
    const page = await (await newContext(browser, { phone: true })).newPage();
    await page.goto(`${test.baseUrl}/login`);
    await page.getByLabel('E-Mail-Adresse').fill(adminCredentials.email);
    await page.getByLabel('Passwort').fill(adminCredentials.password);
    await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
    await page.waitForURL(`${test.baseUrl}/`);
    await page.goto(`${test.baseUrl}/admin?tab=ldap`);
    await page.getByRole('heading', { name: 'LDAP / Active Directory' }).waitFor();

    await page.getByLabel('Verzeichnis verwenden').check();
    await page.getByLabel('Serveradresse').fill(slapd.url);
    await page.getByLabel('Dienstkonto (Bind-DN)').fill(SERVICE_DN);
    await page.getByLabel('Passwort des Dienstkontos').fill(SERVICE_PASSWORD);
    await page.getByLabel('Basis-DN der Personen').fill(`ou=people,${SUFFIX}`);
    await page.getByLabel('Filter für Personen').fill('(objectClass=inetOrgPerson)');
    await page.getByLabel('Basis-DN der Gruppen').fill(`ou=groups,${SUFFIX}`);
    // A double click saves once and the form stays usable.
    await page.getByRole('button', { name: 'Speichern' }).dblclick();
    await page.getByText('Ein Passwort ist gespeichert.').waitFor();

    await page.getByRole('button', { name: 'Verbindung testen' }).click();
    await page.getByText('Verbindung steht: 12 Personen und 1 Gruppen gefunden.').waitFor();

    await page.getByRole('button', { name: 'Probelauf' }).click();
    await page.getByText(/Probelauf – nichts wurde geändert\. Würde anlegen: 12/).waitFor();
    expect(await page.getByRole('cell', { name: 'Anlegen' }).count()).toBe(12);
    await expectAccessible(page, 'LDAP settings with a dry run');
    await screenshot(page, 'admin-ldap-dry-run-phone-de');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(375);

    await page.getByRole('button', { name: 'Jetzt synchronisieren' }).click();
    await page.getByText(/Synchronisiert\. Angelegt: 12/).waitFor();

    // Someone from the directory logs in with the user name and the directory password.
    const person = await (await newContext(browser, { phone: true, locale: 'en-US' })).newPage();
    await person.goto(`${test.baseUrl}/login`);
    await person.getByLabel(/E-mail/i).fill('m5');
    await person.getByLabel('Password').fill('pw-m5');
    await person.getByRole('button', { name: 'Log in', exact: true }).click();
    await person.waitForURL(`${test.baseUrl}/`);

    const desktop = await (await newContext(browser, { locale: 'en-US' })).newPage();
    await desktop.context().addCookies(await page.context().cookies());
    await desktop.goto(`${test.baseUrl}/admin?tab=ldap`);
    await desktop.getByRole('heading', { name: 'LDAP / Active Directory' }).waitFor();
    // The admin's own language setting (German, from setup) wins over the browser's.
    await desktop.getByRole('button', { name: /Test connection|Verbindung testen/ }).click();
    await desktop.getByText(/Connected: 12 people|Verbindung steht: 12 Personen/).waitFor();
    await screenshot(desktop, 'admin-ldap-desktop');
  });
});
