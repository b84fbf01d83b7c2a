import Parser from 'rss-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newsroomMessages } from '../../src/server/modules/newsroom/newsroom.messages.js';
import { createMember, setUpOrganisation, startTestApp, type TestApp } from '../helpers/app.js';
import { goodRights, uploadImage } from '../helpers/articles.js';
import type { TestClient } from '../helpers/client.js';
import { createSpace } from '../helpers/stream.js';

/** Reads the captcha off the page like a person would, and answers it. */
function captchaOf(page: string, locale: 'de' | 'en' = 'de') {
  const id = page.match(/name="captcha_id" value="([^"]+)"/)?.[1] ?? '';
  const question = page.match(/(?:Wie viel ist|what is) (\p{L}+) \+ (\p{L}+) =/u);
  const numbers = newsroomMessages[locale].numbers;
  const answer = question ? numbers.indexOf(question[1]) + numbers.indexOf(question[2]) : -1;
  return { id, answer, words: question?.slice(1, 3) };
}

async function postForm(baseUrl: string, path: string, fields: Record<string, string>, ip = '203.0.113.7') {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': ip },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
  return { status: response.status, text: await response.text(), location: response.headers.get('location') };
}

/** Follows a redirect the way a browser does after a form post: GET the new address. */
async function follow(baseUrl: string, location: string | null) {
  const response = await fetch(`${baseUrl}${location ?? ''}`);
  return { status: response.status, text: await response.text() };
}

describe('public newsroom', () => {
  let test: TestApp;
  let admin: TestClient;
  let editor: TestClient;
  let guest: TestClient;
  let slug: string;
  let articleId: number;
  let coverId: string;

  beforeAll(async () => {
    test = await startTestApp({ env: { KANTINE_SCHEDULER_SECONDS: '0', KANTINE_TRUST_PROXY: 'true' } });
    ({ admin } = await setUpOrganisation(test));
    editor = (await createMember(test, admin, { name: 'Erika Editor', role: 'editor' })).client;
    await editor.patch('/api/v1/me', {
      about: 'Schreibt über alles, was uns bewegt.',
      title: 'Kommunikation',
    });
    guest = test.client();
    coverId = await uploadImage(editor, goodRights);
    const created = await editor.post('/api/v1/articles', {
      title: 'Wir eröffnen in Leipzig <script>',
      teaser: 'Ein neuer Standort für 40 Kolleginnen und Kollegen.',
      body: '## Der Standort\n\nMitten in der Stadt, mit #leipzig Flair.\n\n- Büro\n- Werkstatt',
      category: 'Standorte',
      coverImageId: coverId,
      isPublic: true,
      guestComments: 'moderated',
    });
    expect(created.status).toBe(201);
    ({ slug, id: articleId } = created.body);
    expect((await editor.post(`/api/v1/articles/${articleId}/publish`, {})).status).toBe(200);

    // Things that must never reach the newsroom.
    const draft = await editor.post('/api/v1/articles', {
      title: 'Geheimer Entwurf',
      body: 'x',
      isPublic: true,
    });
    expect(draft.status).toBe(201);
    const internal = await editor.post('/api/v1/articles', { title: 'Nur intern', body: 'x' });
    await editor.post(`/api/v1/articles/${internal.body.id}/publish`, {});
    const space = await createSpace(admin, { name: 'Geschäftsführung', visibility: 'private' });
    const privateArticle = await admin.post('/api/v1/articles', {
      title: 'Vertraulich',
      body: 'x',
      spaceId: space.id,
      isPublic: true,
    });
    expect(privateArticle.status).toBe(400);
    expect(privateArticle.body.error.code).toBe('space_not_public');
  });
  afterAll(() => test?.close());

  it('renders the list and the article page on the server, with social tags and credits', async () => {
    const list = await guest.get('/news');
    expect(list.status).toBe(200);
    expect(list.headers.get('content-type')).toContain('text/html');
    expect(list.body).toContain('<html lang="de">');
    expect(list.body).toContain(`href="/news/${slug}"`);
    expect(list.body).toContain('Wir eröffnen in Leipzig &lt;script&gt;');
    expect(list.body).not.toContain('Geheimer Entwurf');
    expect(list.body).not.toContain('Nur intern');

    const page = await guest.get(`/news/${slug}`);
    expect(page.status).toBe(200);
    const html: string = page.body;
    expect(html).toContain('<h1>Wir eröffnen in Leipzig &lt;script&gt;</h1>');
    expect(html).not.toContain('<script');
    expect(html).toContain(`<link rel="canonical" href="${test.baseUrl}/news/${slug}">`);
    expect(html).toContain('<meta property="og:type" content="article">');
    expect(html).toContain(`<meta property="og:image" content="${test.baseUrl}/news/media/${coverId}">`);
    expect(html).toContain('<meta name="twitter:card" content="summary_large_image">');
    expect(html).toContain('Foto: Anna Fotografin, Quelle: <a href="https://fotos.example/42"');
    expect(html).toContain('<h2>Der Standort</h2>');
    expect(html).toContain('Standorte');
    expect(html).toContain('Erika Editor');
    expect(html).toContain('Schreibt über alles, was uns bewegt.');
    expect(html).toContain('1 Min. Lesezeit');
    expect(html).toContain('Keine Kommentare');
    // Hashtags link into the intranet inside; outside they are plain text.
    expect(html).toContain('#leipzig Flair');
    expect(html).not.toContain('/hashtags/');
    for (const network of [
      'facebook.com/sharer',
      'linkedin.com/sharing',
      'xing.com/spi/shares',
      'x.com/intent/post',
      'mastodonshare.com',
    ])
      expect(html).toContain(network);
    expect(html).toMatch(/Wie viel ist \p{L}+ \+ \p{L}+ =/u);
    expect(html).toContain('Name <span aria-hidden="true">*</span>');

    const english = await guest.get(`/news/${slug}?lang=en`);
    expect(english.body).toContain('<html lang="en">');
    expect(english.body).toMatch(/what is \p{L}+ \+ \p{L}+ =/u);
    expect(english.body).toContain('No comments');

    const cover = await guest.get(`/news/media/${coverId}`);
    expect(cover.status).toBe(200);
    // Images keep their own format (the helper uploads a PNG).
    expect(cover.headers.get('content-type')).toBe('image/png');
  });

  it('never shows drafts, internal or unknown articles, nor their images', async () => {
    const drafts = await editor.get('/api/v1/articles?state=draft');
    const draft = drafts.body.items.find((a: { title: string }) => a.title === 'Geheimer Entwurf');
    expect((await guest.get(`/news/${draft.slug}`)).status).toBe(404);
    expect((await guest.get('/news/nur-intern')).status).toBe(404);
    expect((await guest.get('/news/gibt-es-nicht')).status).toBe(404);
    const internalImage = await uploadImage(editor, goodRights);
    await editor.post('/api/v1/articles', { title: 'Mit Bild', body: 'x', coverImageId: internalImage });
    expect((await guest.get(`/news/media/${internalImage}`)).status).toBe(404);
    const withoutLogin = await guest.get(`/api/v1/files/${coverId}/download`);
    expect(withoutLogin.status).toBe(401);
  });

  it('serves RSS, Atom and the sitemap with public articles only', async () => {
    const parser = new Parser();
    const rss = await guest.get('/news/feed.xml');
    expect(rss.headers.get('content-type')).toContain('application/rss+xml');
    const rssFeed = await parser.parseString(rss.body);
    expect(rssFeed.items.map((item) => item.title)).toEqual(['Wir eröffnen in Leipzig <script>']);
    expect(rssFeed.items[0].link).toBe(`${test.baseUrl}/news/${slug}`);
    expect(rssFeed.items[0].contentSnippet).toBe('Ein neuer Standort für 40 Kolleginnen und Kollegen.');
    expect(rssFeed.items[0]['content:encoded']).toContain('<h2>Der Standort</h2>');

    const atom = await guest.get('/news/atom.xml');
    expect(atom.headers.get('content-type')).toContain('application/atom+xml');
    const atomFeed = await parser.parseString(atom.body);
    expect(atomFeed.items.map((item) => item.title)).toEqual(['Wir eröffnen in Leipzig <script>']);
    expect(atomFeed.items[0].link).toBe(`${test.baseUrl}/news/${slug}`);
    expect(atomFeed.items[0].content).toContain('<h2>Der Standort</h2>');

    const sitemap = await guest.get('/sitemap.xml');
    expect(sitemap.body).toContain(`<loc>${test.baseUrl}/news/${slug}</loc>`);
    expect(sitemap.body).not.toContain('geheimer-entwurf');
    expect(sitemap.body).not.toContain('nur-intern');
    expect(sitemap.body.match(/<loc>/g)).toHaveLength(2);
  });

  it('checks guest comments on the server and keeps what the guest typed when something is wrong', async () => {
    const page = (await guest.get(`/news/${slug}`)).body as string;
    const captcha = captchaOf(page);
    const filled = {
      name: 'Gustav Gast <b>',
      email: 'gustav@example.org',
      website: 'https://gustav.example',
      comment: '<script>alert(1)</script> Tolle Nachricht!',
      captcha_id: captcha.id,
    };

    const wrong = await postForm(test.baseUrl, `/news/${slug}/comments`, {
      ...filled,
      captcha_answer: String(captcha.answer + 1),
    });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('Die Antwort auf die Sicherheitsfrage stimmt nicht');
    expect(wrong.text).toContain('value="Gustav Gast &lt;b&gt;"');
    expect(wrong.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Tolle Nachricht!</textarea>');

    // The used captcha does not work a second time, even with the right answer.
    const reused = await postForm(test.baseUrl, `/news/${slug}/comments`, {
      ...filled,
      captcha_answer: String(captcha.answer),
    });
    expect(reused.status).toBe(400);
    expect(reused.text).toContain('abgelaufen oder wurde schon benutzt');

    const fresh = captchaOf(reused.text);
    const missing = await postForm(test.baseUrl, `/news/${slug}/comments`, {
      ...filled,
      name: '',
      email: 'not-an-address',
      comment: 'x'.repeat(3001),
      captcha_id: fresh.id,
      captcha_answer: String(fresh.answer),
    });
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('Bitte gib deinen Namen an.');
    expect(missing.text).toContain('Das ist keine gültige E-Mail-Adresse.');
    expect(missing.text).toContain('Der Kommentar ist zu lang');
    expect(missing.text).toContain('aria-invalid="true"');

    // An expired captcha is refused.
    const stale = captchaOf(missing.text);
    test.clock.advance(31 * 60_000);
    const late = await postForm(test.baseUrl, `/news/${slug}/comments`, {
      ...filled,
      captcha_id: stale.id,
      captcha_answer: String(stale.answer),
    });
    expect(late.status).toBe(400);
    expect(late.text).toContain('abgelaufen');

    // Answered in words, it is accepted and waits for moderation.
    const good = captchaOf(late.text);
    const accepted = await postForm(test.baseUrl, `/news/${slug}/comments`, {
      ...filled,
      captcha_id: good.id,
      captcha_answer: newsroomMessages.de.numbers[good.answer],
    });
    // Post/redirect/get: the answer is a redirect to the article with a notice, so reload sends nothing.
    expect(accepted.status).toBe(303);
    expect(accepted.location).toBe(`/news/${slug}?notice=pending#comments`);
    const landed = await follow(test.baseUrl, accepted.location);
    expect(landed.status).toBe(200);
    expect(landed.text).toContain('Dein Kommentar wird geprüft');
    expect(landed.text).toContain('Keine Kommentare');

    const queue = await editor.get('/api/v1/newsroom/comments?state=pending');
    expect(queue.body.items).toHaveLength(1);
    expect(queue.body.items[0]).toMatchObject({
      name: 'Gustav Gast <b>',
      email: 'gustav@example.org',
      articleId,
      state: 'pending',
    });
    const note = (await editor.get('/api/v1/notifications')).body.items[0];
    expect(note).toMatchObject({ type: 'guest_comment', contentId: articleId, url: '/articles/moderation' });
    expect((await test.client().get('/api/v1/newsroom/comments')).status).toBe(401);

    const approved = await editor.post(`/api/v1/newsroom/comments/${queue.body.items[0].id}/approve`);
    expect(approved.body.state).toBe('approved');
    const after = (await guest.get(`/news/${slug}`)).body as string;
    expect(after).toContain('1 Kommentar');
    expect(after).toContain('Gustav Gast &lt;b&gt;');
    expect(after).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Tolle Nachricht!');
    expect(after).toContain('rel="nofollow ugc noopener noreferrer"');
    expect(after).not.toContain('gustav@example.org');
  });

  it('ignores the honeypot silently, rate-limits an address, honours moderation modes', async () => {
    const page = (await guest.get(`/news/${slug}`)).body as string;
    const captcha = captchaOf(page);
    const bot = await postForm(
      test.baseUrl,
      `/news/${slug}/comments`,
      {
        name: 'Bot',
        email: 'bot@example.org',
        comment: 'Buy now',
        captcha_id: captcha.id,
        captcha_answer: String(captcha.answer),
        homepage: 'http://spam.example',
      },
      '198.51.100.9',
    );
    expect(bot.status).toBe(303);
    const pending = await editor.get('/api/v1/newsroom/comments?state=pending');
    expect(pending.body.items.map((c: { name: string }) => c.name)).not.toContain('Bot');

    let last = { status: 0, text: '' };
    for (let attempt = 0; attempt < 7; attempt++)
      last = await postForm(
        test.baseUrl,
        `/news/${slug}/comments`,
        { name: 'Flood', email: 'f@example.org', comment: 'x' },
        '192.0.2.44',
      );
    expect(last.status).toBe(429);
    expect(last.text).toContain('zu viele Kommentare');

    // Open: published at once. Off: the form is gone and posts are refused.
    await editor.patch(`/api/v1/articles/${articleId}`, { guestComments: 'open' });
    const openPage = captchaOf((await guest.get(`/news/${slug}`)).body);
    const direct = await postForm(test.baseUrl, `/news/${slug}/comments`, {
      name: 'Olli Offen',
      email: 'olli@example.org',
      comment: 'Direkt sichtbar',
      captcha_id: openPage.id,
      captcha_answer: String(openPage.answer),
    });
    expect(direct.status).toBe(303);
    const published = await follow(test.baseUrl, direct.location);
    expect(published.text).toContain('Dein Kommentar ist veröffentlicht');
    expect(published.text).toContain('2 Kommentare');
    expect(published.text).toContain('Direkt sichtbar');

    await editor.patch(`/api/v1/articles/${articleId}`, { guestComments: 'off' });
    const closed = (await guest.get(`/news/${slug}`)).body as string;
    expect(closed).toContain('Die Kommentare zu diesem Artikel sind geschlossen.');
    expect(closed).not.toContain('name="captcha_id"');
    expect(
      (
        await postForm(test.baseUrl, `/news/${slug}/comments`, {
          name: 'x',
          email: 'x@example.org',
          comment: 'x',
        })
      ).status,
    ).toBe(403);

    const spam = (await editor.get('/api/v1/newsroom/comments?state=approved')).body.items.find(
      (c: { name: string }) => c.name === 'Olli Offen',
    );
    expect((await editor.post(`/api/v1/newsroom/comments/${spam.id}/spam`)).body.state).toBe('spam');
    expect((await guest.get(`/news/${slug}`)).body).not.toContain('Direkt sichtbar');
    expect((await editor.post(`/api/v1/newsroom/comments/${spam.id}/reject`)).body.state).toBe('rejected');
    const rejected = await editor.get('/api/v1/newsroom/comments?state=rejected');
    expect(rejected.body.items.map((c: { id: number }) => c.id)).toEqual([spam.id]);
    expect((await guest.get(`/news/${slug}`)).body).not.toContain('Direkt sichtbar');
    const member = await createMember(test, admin);
    expect((await member.client.post(`/api/v1/newsroom/comments/${spam.id}/approve`)).status).toBe(403);
    expect((await editor.post('/api/v1/newsroom/comments/999999/approve')).status).toBe(404);
    expect((await editor.post(`/api/v1/newsroom/comments/${spam.id}/publish`)).status).toBe(400);
  });

  it('counts only failed comments toward the limit, so colleagues behind one address can all comment', async () => {
    await editor.patch(`/api/v1/articles/${articleId}`, { guestComments: 'moderated' });
    for (let colleague = 1; colleague <= 8; colleague++) {
      const captcha = captchaOf((await guest.get(`/news/${slug}`)).body);
      const sent = await postForm(
        test.baseUrl,
        `/news/${slug}/comments`,
        {
          name: `Kollegin ${colleague}`,
          email: `k${colleague}@firma.example`,
          comment: 'Gute Sache!',
          captcha_id: captcha.id,
          captcha_answer: String(captcha.answer),
        },
        '192.0.2.200',
      );
      expect(sent.status, `comment ${colleague}`).toBe(303);
    }
    const pending = await editor.get('/api/v1/newsroom/comments?state=pending&limit=50');
    expect(pending.body.items.filter((c: { name: string }) => c.name.startsWith('Kollegin'))).toHaveLength(8);
  });

  it('keeps ?lang=en on every internal link and offers a language switch', async () => {
    const list = (await guest.get('/news?lang=en')).body as string;
    expect(list).toContain(`href="/news/${slug}?lang=en"`);
    expect(list).toContain('href="/news?lang=en"');
    expect(list).toContain('href="/news/feed.xml?lang=en"');
    expect(list).toMatch(/<a href="\/news\?lang=de" lang="de" hreflang="de">Deutsch<\/a>/);
    expect(list).toMatch(
      /<a href="\/news\?lang=en" lang="en" hreflang="en" aria-current="true">English<\/a>/,
    );
    expect(list).not.toMatch(/href="\/news\/[^"?]+"/);

    const article = (await guest.get(`/news/${slug}?lang=en`)).body as string;
    expect(article).toContain(`action="/news/${slug}/comments?lang=en#comments"`);
    expect(article).toContain('href="/news?lang=en">← All news');
    expect(article).toContain(`href="/news/${slug}?lang=de" lang="de"`);

    const german = (await guest.get(`/news/${slug}`)).body as string;
    expect(german).toContain('href="/news">← Zur Übersicht');
    expect(german).toContain(`href="/news/${slug}?lang=en" lang="en"`);

    // The English visitor stays in English after commenting.
    const captcha = captchaOf(article, 'en');
    const sent = await postForm(test.baseUrl, `/news/${slug}/comments?lang=en`, {
      name: 'Emma English',
      email: 'emma@example.org',
      comment: 'Lovely news',
      captcha_id: captcha.id,
      captcha_answer: String(captcha.answer),
    });
    expect(sent.status).toBe(303);
    expect(sent.location).toBe(`/news/${slug}?notice=pending&lang=en#comments`);
    const landed = await follow(test.baseUrl, sent.location);
    expect(landed.text).toContain('<html lang="en">');
    expect(landed.text).toContain('Your comment will appear once it has been approved.');
  });

  it('takes an article off the newsroom when it is archived or no longer public', async () => {
    await editor.patch(`/api/v1/articles/${articleId}`, { isPublic: false });
    expect((await guest.get(`/news/${slug}`)).status).toBe(404);
    expect((await guest.get('/news/feed.xml')).body).not.toContain(slug);
    expect((await guest.get(`/news/media/${coverId}`)).status).toBe(404);
    await editor.patch(`/api/v1/articles/${articleId}`, { isPublic: true });
    expect((await guest.get(`/news/${slug}`)).status).toBe(200);
    await editor.patch(`/api/v1/articles/${articleId}`, { state: 'archived' });
    expect((await guest.get(`/news/${slug}`)).status).toBe(404);
    expect((await guest.get('/sitemap.xml')).body).not.toContain(slug);
  });
});
