import { createRequire } from 'node:module';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { createMember } from '../helpers/app.js';
import { browserSuite, expectAccessible, loggedInPage, logIn, newContext, screenshot } from './browser.js';

describe('the stream in the browser', () => {
  const suite = browserSuite();

  it('creates a space, posts with a mention, hashtag and image; the colleague sees it live, reacts and comments', async () => {
    const { test, browser, admin } = suite;
    const anna = await createMember(test, admin, { name: 'Anna Autorin', email: 'anna@example.com' });
    const bernd = await createMember(test, admin, { name: 'Bernd Kollege', email: 'bernd@example.com' });

    const annaPage = await loggedInPage(browser, test.baseUrl, anna);
    const berndPage = await loggedInPage(browser, test.baseUrl, bernd);
    await expectAccessible(berndPage, 'home feed');

    // Anna creates a public space; Bernd joins it.
    await annaPage.getByRole('navigation').getByRole('link', { name: 'Spaces' }).click();
    await annaPage.getByRole('button', { name: 'Neuer Space' }).click();
    await annaPage.getByRole('textbox', { name: 'Name', exact: true }).fill('Sommerfest');
    await annaPage.getByLabel('Beschreibung').fill('Planung für das Sommerfest im Juli');
    await expectAccessible(annaPage, 'create space');
    await annaPage.getByRole('button', { name: 'Space anlegen' }).click();
    await annaPage.getByRole('heading', { name: 'Sommerfest' }).waitFor();
    const spaceUrl = annaPage.url();
    await berndPage.goto(spaceUrl);
    await berndPage.getByRole('button', { name: 'Beitreten' }).click();
    await berndPage.getByRole('button', { name: 'Verlassen' }).waitFor();

    // Anna writes with a mention picked from the suggestions, a hashtag and an image.
    const field = annaPage.getByPlaceholder('Schreib etwas in Sommerfest …');
    await field.click();
    await field.pressSequentially('Hallo @Bern');
    await annaPage.getByRole('option', { name: /Bernd Kollege/ }).waitFor();
    await field.press('Enter');
    await field.pressSequentially('wer hilft beim #Grillen mit? ');
    await annaPage.getByRole('button', { name: 'Fett' }).click();
    const photo = await sharp({ create: { width: 2400, height: 1600, channels: 3, background: '#e0a040' } })
      .jpeg({ quality: 100 })
      .toBuffer();
    await annaPage
      .locator('.composer input[type=file]')
      .setInputFiles({ name: 'grill.jpg', mimeType: 'image/jpeg', buffer: photo });
    await annaPage.getByRole('progressbar', { name: /grill.jpg wird hochgeladen/ }).waitFor();
    await expect
      .poll(() =>
        annaPage
          .getByRole('progressbar', { name: /grill.jpg/ })
          .evaluate((el) => (el as HTMLProgressElement).value),
      )
      .toBe(1);
    await expectAccessible(annaPage, 'space with composer');
    await screenshot(annaPage, 'composer-upload');

    const badgeBefore = await berndPage.getByTestId('unread-badge').count();
    expect(badgeBefore).toBe(0);
    await annaPage.getByRole('button', { name: 'Posten' }).click();
    const annaPost = annaPage.locator('article.post').first();
    await annaPost.getByRole('link', { name: '#Grillen' }).waitFor();
    // The mention shows the colleague's name, linked to the profile.
    await annaPost.locator('a.mention', { hasText: 'Bernd Kollege' }).waitFor();
    await expect.poll(() => annaPost.locator('img').count()).toBe(1);

    // Bernd is on his space page: a banner and the notification badge appear without reload.
    await berndPage.getByRole('button', { name: '1 neuer Beitrag' }).waitFor();
    await berndPage.getByTestId('unread-badge').getByText('1').waitFor();
    await berndPage.getByRole('button', { name: '1 neuer Beitrag' }).click();
    const berndPost = berndPage.locator('article.post').first();
    await berndPost.getByRole('link', { name: 'Bernd Kollege' }).waitFor();
    await berndPost.getByRole('button', { name: 'Feiern' }).click();
    await berndPost.getByLabel('Kommentar schreiben').fill('Ich bringe Würstchen mit!');
    // The answer to the comment arrives after its live event: the comment is shown once, not twice.
    await berndPage.route('**/api/v1/content/*/comments', async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      const response = await route.fetch();
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      await route.fulfill({ response });
    });
    await berndPost.getByRole('button', { name: 'Senden' }).click();
    await berndPost
      .getByRole('region', { name: 'Kommentare' })
      .getByText('Ich bringe Würstchen mit!')
      .waitFor();
    await expect
      .poll(() => berndPost.getByLabel('Kommentar schreiben').inputValue(), { timeout: 10_000 })
      .toBe('');
    expect(
      await berndPost
        .getByRole('region', { name: 'Kommentare' })
        .getByText('Ich bringe Würstchen mit!')
        .count(),
    ).toBe(1);
    await expectAccessible(berndPage, 'space feed with post');
    await screenshot(berndPage, 'space-feed');

    // Anna sees the reaction count and the comment arrive live.
    await annaPost.getByRole('button', { name: 'Feiern' }).getByText('1').waitFor();
    await annaPost.getByText('Ich bringe Würstchen mit!').waitFor();
    await annaPage.getByTestId('unread-badge').waitFor();

    // Notifications page and the hashtag stream.
    await annaPage.getByRole('link', { name: /Benachrichtigungen/ }).click();
    await annaPage.getByText('Bernd Kollege hat deinen Beitrag kommentiert').waitFor();
    await expectAccessible(annaPage, 'notifications');
    await screenshot(annaPage, 'notifications');
    await berndPage.getByRole('link', { name: '#Grillen' }).click();
    await berndPage.getByRole('heading', { name: 'Grillen' }).waitFor();
    await expect.poll(() => berndPage.locator('article.post').count()).toBe(1);
    await expectAccessible(berndPage, 'hashtag feed');

    // On a phone the feed fits 375 px.
    const phone = await loggedInPage(browser, test.baseUrl, bernd, { phone: true });
    await phone.locator('article.post').first().waitFor();
    expect(
      await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(0);
    await screenshot(phone, 'home-feed-phone');
  });

  it('shows naughty strings in posts, comments and profiles as text: no script runs', async () => {
    const { test, browser, admin } = suite;
    const blns: string[] = createRequire(import.meta.url)('big-list-of-naughty-strings');
    const strings = blns.filter((s) => s.trim().length > 0 && s.length <= 2000);
    const writer = await createMember(test, admin, { name: 'Nora Naughty' });
    const space = (await writer.client.post('/api/v1/spaces', { name: 'Naughty' })).body;
    // Batches keep the number of posts moderate while every string is used.
    for (let index = 0; index < strings.length; index += 10) {
      const batch = strings.slice(index, index + 10).join('\n\n');
      const created = await writer.client.post(`/api/v1/spaces/${space.id}/posts`, { body: batch });
      expect(created.status).toBe(201);
      const comment = await writer.client.post(`/api/v1/content/${created.body.id}/comments`, {
        body: strings[index],
      });
      expect([201, 400]).toContain(comment.status);
    }
    expect(
      (
        await writer.client.patch('/api/v1/me', {
          about: strings
            .filter((s) => s.includes('<'))
            .join('\n')
            .slice(0, 2000),
          title: '<img src=x onerror=alert(1)>',
        })
      ).status,
    ).toBe(200);

    const page = await (await newContext(browser)).newPage();
    const dialogs: string[] = [];
    page.on('dialog', async (dialog) => {
      dialogs.push(dialog.message());
      await dialog.dismiss();
    });
    await logIn(page, test.baseUrl, writer);
    await page.goto(`${test.baseUrl}/spaces/${space.id}`);
    await page.locator('article.post').first().waitFor();
    for (let i = 0; i < 5; i++) {
      await page
        .getByRole('button', { name: 'Ältere Beiträge laden' })
        .click({ timeout: 2000 })
        .catch(() => undefined);
    }
    await page.goto(`${test.baseUrl}/people/${writer.user.id}`);
    await page.getByRole('heading', { name: 'Nora Naughty' }).waitFor();
    await page.waitForTimeout(500);
    expect(dialogs).toEqual([]);
    expect(
      await page.evaluate(
        () => document.querySelectorAll('article script, .rich-text script, img[onerror]').length,
      ),
    ).toBe(0);
  });
});
