import type { UserRow } from '../../db/schema.js';
import { html, raw } from '../../lib/html.js';
import { qrCodeSvg } from '../../lib/qr-code.js';
import type { IssuedCode } from './access-codes.service.js';

const texts = {
  de: {
    title: 'Zugangscodes',
    hello: (name: string) => `Hallo ${name},`,
    intro: (organisation: string) =>
      `mit diesem Zettel kommst du in das Intranet von ${organisation}. Scanne den QR-Code mit der Kamera deines Handys oder öffne die Adresse und gib den Code ein. Danach legst du dein eigenes Passwort fest.`,
    code: 'Dein Zugangscode',
    address: 'Adresse',
    personnelNumber: 'Personalnummer',
    validUntil: (date: string) => `Gilt einmal, bis ${date}.`,
    later: 'Später meldest du dich mit deiner Personalnummer und deinem Passwort an.',
    keep: 'Gib den Code nicht weiter. Handy verloren? Die Verwaltung druckt dir einen neuen Code – alte Anmeldungen enden dann.',
    print: 'Zum Drucken: Strg+P (Mac: ⌘+P). Jede Person steht auf einer eigenen Seite.',
  },
  en: {
    title: 'Access codes',
    hello: (name: string) => `Hello ${name},`,
    intro: (organisation: string) =>
      `this sheet gets you into the intranet of ${organisation}. Scan the QR code with your phone's camera, or open the address and enter the code. Then set your own password.`,
    code: 'Your access code',
    address: 'Address',
    personnelNumber: 'Personnel number',
    validUntil: (date: string) => `Works once, until ${date}.`,
    later: 'Later you log in with your personnel number and your password.',
    keep: 'Do not share the code. Lost your phone? The administrators print you a new code, and old logins end.',
    print: 'To print: Ctrl+P (Mac: ⌘+P). Every person is on a page of their own.',
  },
};

/** A printable page per person with a QR code (inline SVG, nothing loaded from elsewhere). */
export async function renderAccessCodeSheet(
  codes: IssuedCode[],
  people: Map<number, UserRow>,
  organisation: string,
  locale: string,
) {
  const lang = locale === 'en' ? 'en' : 'de';
  const t = texts[lang];
  const pages = await Promise.all(
    codes.map(async (issued) => {
      const person = people.get(issued.userId);
      const svg = await qrCodeSvg(issued.url);
      const until = new Date(issued.expiresAt).toLocaleDateString(lang === 'en' ? 'en-GB' : 'de-DE', {
        day: 'numeric',
        month: 'long',
        year: 'numeric',
      });
      const origin = new URL(issued.url).origin;
      return html`<section class="sheet" data-user-id="${issued.userId}">
  <p class="org">${organisation}</p>
  <h2>${t.hello(person?.name ?? '')}</h2>
  <p>${t.intro(organisation)}</p>
  <div class="qr" role="img" aria-label="QR code: ${issued.url}">${raw(svg)}</div>
  <p class="label">${t.code}</p>
  <p class="code">${issued.code}</p>
  <dl>
    <dt>${t.address}</dt><dd>${origin}/redeem</dd>
    ${person?.personnel_number ? html`<dt>${t.personnelNumber}</dt><dd>${person.personnel_number}</dd>` : ''}
  </dl>
  <p>${t.validUntil(until)} ${t.later}</p>
  <p class="small">${t.keep}</p>
</section>`;
    }),
  );
  return html`<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${t.title} – ${organisation}</title>
<style>
  body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #1b1e24; background: #f4f5f7; }
  .hint { max-width: 42rem; margin: 1rem auto; padding: 0 1rem; color: #5a616e; }
  .sheet { background: #fff; max-width: 42rem; margin: 1rem auto; padding: 2rem; box-sizing: border-box; break-after: page; page-break-after: always; }
  .org { color: #5a616e; margin: 0; }
  .qr { width: 16rem; max-width: 100%; margin: 1rem 0; }
  .qr svg { width: 100%; height: auto; display: block; }
  .label { margin: 0; color: #5a616e; }
  .code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 2rem; letter-spacing: 0.1em; margin: 0.25rem 0 1rem; font-weight: 700; }
  dl { display: grid; grid-template-columns: auto 1fr; gap: 0.25rem 1rem; }
  dt { color: #5a616e; } dd { margin: 0; font-weight: 600; word-break: break-all; }
  .small { font-size: 0.875rem; color: #5a616e; }
  @media print { body { background: #fff; } .hint { display: none; } .sheet { margin: 0; max-width: none; } }
</style>
</head>
<body>
<main>
<h1 class="hint">${t.title} – ${organisation}</h1>
<p class="hint">${t.print}</p>
${pages}
</main>
</body>
</html>`.value;
}
