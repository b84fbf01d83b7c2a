import type { AppContext } from '../../context.js';
import type { Viewer } from '../../http/viewer.js';
import { DAY, isoNow } from '../../lib/clock.js';
import { escapeHtml } from '../../lib/html.js';
import { imageLibrary } from '../../lib/images.js';
import * as articlesRepo from '../articles/articles.repo.js';
import { createArticle } from '../articles/articles.service.js';
import { publishArticle } from '../articles/publishing.service.js';
import * as libraryRepo from '../library/library.repo.js';
import * as newsroomRepo from '../newsroom/newsroom.repo.js';
import { storeUpload } from '../uploads/uploads.service.js';
import * as usersRepo from '../users/users.repo.js';
import { demoEmail } from './demo.service.js';

const EDITOR = 'Julia Brandt';

interface DemoArticle {
  title: string;
  teaser: string;
  body: string;
  category: string;
  daysAgo: number;
  cover?: { colors: [string, string]; label: string };
  isPublic?: boolean;
  mustRead?: boolean;
  guestComment?: { name: string; email: string; body: string };
}

export const demoArticles: DemoArticle[] = [
  {
    title: 'Hansen eröffnet Standort in Leipzig',
    teaser:
      'Ab März arbeiten 40 Kolleginnen und Kollegen in unserem neuen Büro mit Werkstatt im Leipziger Westen.',
    body: `## Warum Leipzig?\n\nViele unserer Kundinnen und Kunden sitzen in Sachsen und Thüringen. Mit dem neuen Standort sind wir in zwei Stunden bei ihnen statt in fünf.\n\n## Was entsteht\n\n- ein Büro für Vertrieb und Service\n- eine Werkstatt für Reparaturen vor Ort\n- ein Schulungsraum für Kundentermine\n\n> „Leipzig ist für uns kein Außenposten, sondern ein zweites Zuhause.“ – aus der Geschäftsführung\n\nWer Lust hat, beim Aufbau mitzuhelfen, meldet sich im Space „Werk Leipzig“.`,
    category: 'Standorte',
    daysAgo: 2,
    cover: { colors: ['#1f6f5c', '#74c69d'], label: 'Leipzig' },
    isPublic: true,
    guestComment: {
      name: 'Petra Nachbarin',
      email: 'petra@example.org',
      body: 'Herzlich willkommen im Leipziger Westen! Schön, dass hier Arbeitsplätze entstehen.',
    },
  },
  {
    title: 'Rückblick: Unser Sommerfest 2026',
    teaser:
      '180 Gäste, eine Band aus der eigenen Werkstatt und ein Grillwettbewerb, den der Vertrieb knapp verloren hat.',
    body: `Was für ein Abend! Danke an alle, die aufgebaut, gegrillt und aufgeräumt haben.\n\n## Die Höhepunkte\n\n- die **Werkstatt-Band** mit drei Zugaben\n- das Kinderprogramm mit Traktorfahrten\n- der Grillwettbewerb: Gewonnen hat die Logistik\n\nEure Fotos teilt ihr am besten als Beitrag im Space „Alle“ – mit #Sommerfest.`,
    category: 'Events',
    daysAgo: 9,
    cover: { colors: ['#b0306f', '#f4a261'], label: 'Sommerfest' },
    isPublic: true,
  },
  {
    title: 'Neue Regeln für mobiles Arbeiten ab Januar',
    teaser:
      'Die neue Betriebsvereinbarung gilt ab dem 1. Januar. Bitte lest sie und bestätigt, dass ihr sie kennt.',
    body: `Geschäftsführung und Betriebsrat haben sich auf eine neue Vereinbarung zum mobilen Arbeiten geeinigt.\n\n## Das Wichtigste\n\n- bis zu **drei Tage** mobil pro Woche, nach Absprache im Team\n- Kernzeit 9:30 bis 14:30 Uhr\n- Arbeitsmittel stellt die Firma, Zuschuss für den Bürostuhl: 150 €\n\nDie vollständige Vereinbarung bekommt ihr mit der nächsten Gehaltsabrechnung; bis dahin liegt sie im Personalbüro aus. Fragen beantwortet der Betriebsrat.`,
    category: 'Personal',
    daysAgo: 1,
    mustRead: true,
  },
  {
    title: 'Neue Kaffeemaschinen in allen Küchen',
    teaser:
      'Ab Montag gibt es in allen Küchen Maschinen mit Hafermilch-Option. Die alten gehen an einen Sozialbetrieb.',
    body: 'Bitte die Maschinen einmal am Tag ausspülen – eine Anleitung hängt daneben. Danke an das Facility-Team!',
    category: 'Intern',
    daysAgo: 5,
  },
];

/** A simple cover picture (a gradient with a word), so the demo needs no downloaded photos. */
async function coverImage(colors: [string, string], label: string): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${colors[0]}"/><stop offset="1" stop-color="${colors[1]}"/></linearGradient></defs><rect width="1200" height="630" fill="url(#g)"/><circle cx="980" cy="140" r="220" fill="#ffffff" fill-opacity="0.12"/><text x="80" y="540" font-family="sans-serif" font-size="120" font-weight="700" fill="#ffffff">${escapeHtml(label)}</text></svg>`;
  const sharp = await imageLibrary();
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/**
 * Company news for the demo: Julia Brandt from marketing becomes the editor and has published four
 * German articles (one must-read, two public with cover pictures and credits, one guest comment).
 * Idempotent: nothing happens when the first article exists already.
 */
export async function loadDemoNews(ctx: AppContext): Promise<number> {
  const { db } = ctx.database;
  const person = await usersRepo.findUserByEmail(db, demoEmail(EDITOR));
  if (!person) return 0;
  if (await articlesRepo.findArticleByTitle(db, demoArticles[0].title)) return 0;
  if (person.role === 'member') await usersRepo.updateUser(db, person.id, { role: 'editor' });
  const editor: Viewer = {
    id: person.id,
    role: 'editor',
    name: person.name,
    handle: person.handle,
    locale: 'de',
    via: 'session',
    scope: 'write',
  };
  const now = ctx.clock.now().getTime();
  for (const article of demoArticles) {
    // Each article goes out "back then", so the news page has a history.
    const then = { ...ctx, clock: { now: () => new Date(now - article.daysAgo * DAY) } };
    let coverImageId: string | null = null;
    if (article.cover) {
      const cover = await storeUpload(then, editor, {
        bytes: await coverImage(article.cover.colors, article.cover.label),
        filename: `${article.cover.label.toLowerCase()}.png`,
        mimetype: 'image/png',
      });
      await libraryRepo.updateFile(db, cover.id, {
        creator: 'Julia Brandt',
        source: 'Hansen Maschinenbau, eigene Grafik',
        licence: 'Alle Rechte vorbehalten',
      });
      coverImageId = cover.id;
    }
    const created = await createArticle(then, editor, {
      title: article.title,
      teaser: article.teaser,
      body: article.body,
      category: article.category,
      spaceId: null,
      coverImageId,
      isPublic: article.isPublic ?? false,
      mustRead: article.mustRead ? { deadline: new Date(now + 14 * DAY).toISOString() } : null,
      guestComments: 'moderated',
    });
    await publishArticle(then, editor, created.id, {});
    if (article.guestComment)
      await newsroomRepo.insertGuestComment(db, {
        contentId: created.id,
        ...article.guestComment,
        website: '',
        state: 'approved',
        now: isoNow(then.clock),
      });
  }
  return demoArticles.length;
}
