import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { createMember } from '../helpers/app.js';
import { addToSpace, createSpace } from '../helpers/stream.js';
import { browserSuite, expectAccessible, loggedInPage, newContext, screenshot } from './browser.js';

/** Hands files to the page the way a drop or a paste does: a DataTransfer built in the page. */
async function dispatchFiles(
  page: Page,
  how: 'drop' | 'paste',
  selector: string,
  files: Array<{ name: string; type: string; base64: string }>,
) {
  await page.evaluate(
    ({ how, selector, files }) => {
      const transfer = new DataTransfer();
      for (const file of files) {
        const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
        transfer.items.add(new File([bytes], file.name, { type: file.type }));
      }
      const target = document.querySelector(selector);
      if (!target) throw new Error(`nothing at ${selector}`);
      if (how === 'paste') {
        target.dispatchEvent(
          new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }),
        );
        return;
      }
      for (const type of ['dragenter', 'dragover', 'drop'])
        target.dispatchEvent(
          new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }),
        );
    },
    { how, selector, files },
  );
}

const jpeg = async (color: string) =>
  (
    await sharp({ create: { width: 640, height: 420, channels: 3, background: color } })
      .jpeg()
      .toBuffer()
  ).toString('base64');

describe('the composer in the browser', () => {
  const suite = browserSuite();

  it('takes dropped and pasted pictures with previews, posts only pictures, shows tags and names', async () => {
    const { test, browser, admin } = suite;
    const anna = await createMember(test, admin, { name: 'Anna Autorin', email: 'anna.c@example.com' });
    const jonas = await createMember(test, admin, { name: 'Jonas Lehmann', email: 'jonas.c@example.com' });
    const space = await createSpace(anna.client, { name: 'Werkhalle' });
    await addToSpace(anna.client, jonas.client, jonas.user.id, space.id);

    const page = await loggedInPage(browser, test.baseUrl, anna);
    await page.goto(`${test.baseUrl}/spaces/${space.id}`);
    const field = page.getByPlaceholder('Schreib etwas in Werkhalle …');
    await field.waitFor();

    // A picture dragged onto the composer and a screenshot pasted into it both upload, with previews.
    await dispatchFiles(page, 'drop', 'form.composer', [
      { name: 'foto-werkhalle.jpg', type: 'image/jpeg', base64: await jpeg('#3070b0') },
    ]);
    await dispatchFiles(page, 'paste', 'form.composer textarea', [
      { name: 'bildschirmfoto.png', type: 'image/jpeg', base64: await jpeg('#b05030') },
    ]);
    await page.getByRole('img', { name: 'Vorschau von foto-werkhalle.jpg' }).waitFor();
    // The preview takes the server's name (a JPEG is `.jpg`) once the upload is done, which may
    // already have happened here.
    await page.getByRole('img', { name: /^Vorschau von bildschirmfoto\.(png|jpg)$/ }).waitFor();
    const previews = page.getByRole('list', { name: 'Anhänge' }).getByRole('listitem');
    await expect.poll(() => previews.count()).toBe(2);
    // Once uploaded, the server's name (with the extension of what the file is) shows.
    await page.getByRole('img', { name: 'Vorschau von bildschirmfoto.jpg' }).waitFor();
    await expect
      .poll(() =>
        page
          .getByRole('progressbar', { name: /foto-werkhalle.jpg/ })
          .evaluate((el) => (el as HTMLProgressElement).value),
      )
      .toBe(1);
    await expectAccessible(page, 'composer with previews');
    await screenshot(page, 'composer-previews');

    // The pasted one goes again; the post is only the dropped picture, without any text.
    await page.getByRole('button', { name: 'bildschirmfoto.jpg entfernen' }).click();
    await expect.poll(() => previews.count()).toBe(1);
    const send = page.getByRole('button', { name: 'Posten' });
    await expect.poll(() => send.isEnabled()).toBe(true);
    await send.click();
    const imagePost = page.locator('article.post').first();
    await imagePost.locator('img[alt="foto-werkhalle.jpg"]').waitFor();
    expect(await imagePost.locator('.post-body').count()).toBe(0);
    await expect.poll(() => previews.count()).toBe(0);
    expect(await send.isDisabled()).toBe(true);

    // While typing, the composer shows what becomes a topic (with the server's rule).
    await field.click();
    await field.pressSequentially('Drucker streikt, bitte an #IT-Hilfe und #Größe- ');
    const preview = page.locator('.tag-preview');
    await preview.getByText('#IT-Hilfe', { exact: true }).waitFor();
    await preview.getByText('#Größe', { exact: true }).waitFor();
    await field.pressSequentially('danke @Jon');
    await page.getByRole('option', { name: /Jonas Lehmann/ }).waitFor();
    await field.press('Enter');
    await send.click();
    const textPost = page.locator('article.post').first();
    await textPost.getByRole('link', { name: '#IT-Hilfe' }).waitFor();
    await textPost.locator('a.mention', { hasText: 'Jonas Lehmann' }).waitFor();

    // Comments suggest people too, and show the name once sent.
    const comment = textPost.getByLabel('Kommentar schreiben');
    await comment.click();
    await comment.pressSequentially('Frag @Jon');
    await page.getByRole('option', { name: /Jonas Lehmann/ }).waitFor();
    await comment.press('Enter');
    await comment.pressSequentially('#Drucker');
    await textPost.locator('.tag-preview').getByText('#Drucker').waitFor();
    await expectAccessible(page, 'comment with suggestions');
    await textPost.getByRole('button', { name: 'Senden' }).click();
    await textPost.locator('.comment a.mention', { hasText: 'Jonas Lehmann' }).waitFor();

    // Near the limit a counter appears; past it the post is refused with a message.
    await field.fill('x'.repeat(8_500));
    await page.getByText('Noch 1.500 von 10.000 Zeichen').waitFor();
    await field.fill('x'.repeat(10_003));
    await page.getByText('3 Zeichen zu viel (höchstens 10.000)').waitFor();
    await page.getByText('Der Text ist zu lang. Bitte kürze ihn auf höchstens 10.000 Zeichen.').waitFor();
    expect(await send.isDisabled()).toBe(true);
    expect((await field.inputValue()).length).toBe(10_003);
    await expectAccessible(page, 'composer over the limit');
    await screenshot(page, 'composer-limit');

    // "Über mich" in the settings: the same counter, and longer text is refused, not cut off.
    await page.goto(`${test.baseUrl}/settings`);
    const about = page.getByRole('textbox', { name: 'Über mich' });
    await about.fill('ä'.repeat(1_700));
    await page.getByText('Noch 300 von 2.000 Zeichen').waitFor();
    await about.fill('ä'.repeat(2_010));
    await page.getByText('10 Zeichen zu viel (höchstens 2.000)').waitFor();
    expect((await about.inputValue()).length).toBe(2_010);
    await page.getByRole('button', { name: 'Speichern' }).first().click();
    await page.locator('.alert-error').first().waitFor();
    expect((await anna.client.get('/api/v1/me')).body.about).toBe('');
    await expectAccessible(page, 'settings with a too long text');
    await screenshot(page, 'settings-about-limit');

    // English, on a phone.
    const phone = await (await newContext(browser, { phone: true, locale: 'en-GB' })).newPage();
    await phone.goto(`${test.baseUrl}/login`);
    await phone.getByLabel('E-mail address').fill(jonas.email);
    await phone.getByLabel('Password').fill(jonas.password);
    await phone.getByRole('button', { name: 'Log in', exact: true }).click();
    await phone.waitForURL(`${test.baseUrl}/`);
    await phone.goto(`${test.baseUrl}/spaces/${space.id}`);
    const phoneField = phone.locator('form.composer textarea');
    await phoneField.fill(`Spare parts for #IT-Hilfe ${'y'.repeat(8_200)}`);
    await phone.getByText('Becomes a topic:').waitFor();
    await phone.getByText(/characters left/).waitFor();
    await dispatchFiles(phone, 'drop', 'form.composer', [
      { name: 'teile.jpg', type: 'image/jpeg', base64: await jpeg('#208040') },
    ]);
    await phone.getByRole('img', { name: 'Preview of teile.jpg' }).waitFor();
    expect(
      await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(0);
    await expectAccessible(phone, 'composer on a phone in English');
    await screenshot(phone, 'composer-phone-en');
    // One long journey; the shared test machine can be slow.
  }, 180_000);
});
