import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, drainOutbox, setUpOrganisation, startTestApp, type TestApp } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';
import { connectLive, settle } from '../helpers/live.js';
import { addToSpace, createSpace } from '../helpers/stream.js';

/*
 * Polls inside articles: the article keeps its kind and carries the poll as its item's `poll` part
 * (kinds/registry.ts ExtensionPart); voting, results and visibility are those of poll posts; the
 * public newsroom shows nothing of it.
 */
type Person = { client: TestClient; user: { id: number; handle: string } };
let test: TestApp;
let admin: TestClient;
let editor: Person;
let reader: Person;
let secondReader: Person;
let outsider: Person;
let secretSpace: { id: number };

const optionIds = (part: { options: Array<{ id: number }> }) => part.options.map((o) => o.id);
const votesOf = (part: { options: Array<{ votes: number | null }> }) => part.options.map((o) => o.votes);

async function publishedArticle(client: TestClient, fields: Record<string, unknown>) {
  const created = await client.post('/api/v1/articles', { teaser: 'Kurz.', body: 'Text.', ...fields });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const published = await client.post(`/api/v1/articles/${created.body.id}/publish`, {});
  expect(published.status, JSON.stringify(published.body)).toBe(200);
  return published.body;
}

beforeAll(async () => {
  test = await startTestApp({ env: { KANTINE_SCHEDULER_SECONDS: '0' } });
  ({ admin } = await setUpOrganisation(test));
  editor = await createMember(test, admin, { role: 'editor' });
  reader = await createMember(test, admin);
  secondReader = await createMember(test, admin);
  outsider = await createMember(test, admin);
  secretSpace = await createSpace(admin, { visibility: 'secret' });
  for (const person of [editor, reader])
    await addToSpace(admin, person.client, person.user.id, secretSpace.id);
});

afterAll(async () => test?.close());

describe('polls in articles', () => {
  it('are created with the article and carried by its GET and its feed item like a post’s poll', async () => {
    const article = await publishedArticle(editor.client, {
      title: 'Sommerfest: welches Datum?',
      poll: { options: ['12. Juli', '19. Juli'], resultsVisibility: 'always' },
    });
    expect(article.poll).toMatchObject({
      options: [
        { text: '12. Juli', votes: 0 },
        { text: '19. Juli', votes: 0 },
      ],
      myVote: null,
      voted: false,
      closed: false,
      total: 0,
      multiple: false,
      anonymous: false,
      closesAt: null,
      resultsVisibility: 'always',
    });
    const item = (await reader.client.get(`/api/v1/content/${article.id}`)).body;
    expect(item.kind).toBe('article');
    expect(item.poll).toEqual((await reader.client.get(`/api/v1/articles/${article.id}`)).body.poll);
    const feed = await reader.client.get('/api/v1/feed');
    expect(feed.body.items.find((i: { id: number }) => i.id === article.id)?.poll.options).toHaveLength(2);

    const ids = optionIds(article.poll);
    const vote = await reader.client.put(`/api/v1/polls/${article.id}/vote`, { optionIds: [ids[1]] });
    expect(vote.status, JSON.stringify(vote.body)).toBe(200);
    expect(vote.body).toMatchObject({ kind: 'article', poll: { myVote: [ids[1]], voted: true, total: 1 } });
    expect(votesOf(vote.body.poll)).toEqual([0, 1]);
    // Changing and withdrawing work as in posts.
    const changed = await reader.client.put(`/api/v1/polls/${article.id}/vote`, { optionIds: [ids[0]] });
    expect(votesOf(changed.body.poll)).toEqual([1, 0]);
    const again = await reader.client.get(`/api/v1/articles/${article.id}`);
    expect(again.body.poll).toMatchObject({ myVote: [ids[0]], total: 1 });
    const feedAfter = await secondReader.client.get('/api/v1/feed');
    expect(votesOf(feedAfter.body.items.find((i: { id: number }) => i.id === article.id).poll)).toEqual([
      1, 0,
    ]);
    expect((await reader.client.delete(`/api/v1/polls/${article.id}/vote`)).body.poll.total).toBe(0);

    // Articles without a poll carry none.
    const plain = await publishedArticle(editor.client, { title: 'Ohne Umfrage' });
    expect(plain.poll).toBeUndefined();
    expect((await reader.client.get(`/api/v1/content/${plain.id}`)).body.poll).toBeUndefined();
    expect((await reader.client.put(`/api/v1/polls/${plain.id}/vote`, { optionIds: [ids[0]] })).status).toBe(
      404,
    );
  });

  it('refuses bad polls on create and changes nothing', async () => {
    const before = (await editor.client.get('/api/v1/articles?state=draft')).body.items.length;
    const tooFew = await editor.client.post('/api/v1/articles', {
      title: 'X',
      poll: { options: ['Nur eine'] },
    });
    expect(tooFew.status).toBe(400);
    const past = await editor.client.post('/api/v1/articles', {
      title: 'X',
      poll: { options: ['A', 'B'], closesAt: new Date(test.clock.now().getTime() - 1000).toISOString() },
    });
    expect(past.status).toBe(400);
    expect(past.body.error.code).toBe('invalid_poll');
    const unknown = await editor.client.post('/api/v1/articles', {
      title: 'X',
      poll: { options: ['A', 'B'], colour: 'red' },
    });
    expect(unknown.status).toBe(400);
    expect((await editor.client.get('/api/v1/articles?state=draft')).body.items.length).toBe(before);
  });

  it('lets editors add, change and remove the poll while nobody has voted', async () => {
    const draft = await editor.client.post('/api/v1/articles', {
      title: 'Kantinenessen',
      body: 'Was wollt ihr?',
    });
    const added = await editor.client.patch(`/api/v1/articles/${draft.body.id}`, {
      poll: { options: ['Pasta', 'Curry'] },
    });
    expect(added.status, JSON.stringify(added.body)).toBe(200);
    expect(added.body.poll.options.map((o: { text: string }) => o.text)).toEqual(['Pasta', 'Curry']);
    const changed = await editor.client.patch(`/api/v1/articles/${draft.body.id}`, {
      poll: { options: ['Pasta', 'Curry', 'Salat'], multiple: true },
    });
    expect(changed.body.poll).toMatchObject({ multiple: true });
    expect(changed.body.poll.options).toHaveLength(3);
    const removed = await editor.client.patch(`/api/v1/articles/${draft.body.id}`, { poll: null });
    expect(removed.body.poll).toBeUndefined();

    const withPoll = await editor.client.patch(`/api/v1/articles/${draft.body.id}`, {
      poll: { options: ['Pasta', 'Curry'], resultsVisibility: 'after_vote' },
    });
    await editor.client.post(`/api/v1/articles/${draft.body.id}/publish`, {});
    const ids = optionIds(withPoll.body.poll);
    expect(
      (await reader.client.put(`/api/v1/polls/${draft.body.id}/vote`, { optionIds: [ids[0]] })).status,
    ).toBe(200);
    // After a vote the poll is fixed; sending it unchanged (with other edits) still works.
    const refused = await editor.client.patch(`/api/v1/articles/${draft.body.id}`, {
      poll: { options: ['Pasta', 'Sushi'] },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('poll_has_votes');
    expect((await editor.client.patch(`/api/v1/articles/${draft.body.id}`, { poll: null })).status).toBe(409);
    const unchanged = await editor.client.patch(`/api/v1/articles/${draft.body.id}`, {
      title: 'Kantinenessen im Juni',
      poll: { options: ['Pasta', 'Curry'], resultsVisibility: 'after_vote' },
    });
    expect(unchanged.status, JSON.stringify(unchanged.body)).toBe(200);
    expect(unchanged.body.poll.total).toBe(1);
    const fresh = (await reader.client.get(`/api/v1/articles/${draft.body.id}`)).body;
    expect(fresh.title).toBe('Kantinenessen im Juni');
    expect(fresh.poll.options.map((o: { text: string }) => o.text)).toEqual(['Pasta', 'Curry']);
  });

  it('hides results according to resultsVisibility, per viewer', async () => {
    const article = await publishedArticle(editor.client, {
      title: 'Geheime Wahl',
      poll: { options: ['Ja', 'Nein'], resultsVisibility: 'author' },
    });
    const ids = optionIds(article.poll);
    const voted = await reader.client.put(`/api/v1/polls/${article.id}/vote`, { optionIds: [ids[0]] });
    expect(voted.body.poll).toMatchObject({ resultsShown: false, total: null, voted: true });
    expect(votesOf(voted.body.poll)).toEqual([null, null]);
    expect((await secondReader.client.get(`/api/v1/articles/${article.id}`)).body.poll.total).toBeNull();
    const authorView = (await editor.client.get(`/api/v1/articles/${article.id}`)).body.poll;
    expect(votesOf(authorView)).toEqual([1, 0]);
  });

  it('keeps a secret space’s article poll from outsiders: no view, no vote, no live message', async () => {
    const article = await publishedArticle(admin, {
      title: 'Nur für das Team',
      spaceId: secretSpace.id,
      poll: { options: ['Montag', 'Dienstag'] },
    });
    const ids = optionIds(article.poll);
    expect((await outsider.client.get(`/api/v1/articles/${article.id}`)).status).toBe(404);
    expect((await outsider.client.get(`/api/v1/content/${article.id}`)).status).toBe(404);
    const refused = await outsider.client.put(`/api/v1/polls/${article.id}/vote`, { optionIds: [ids[0]] });
    expect(refused.status).toBe(404);
    expect((await outsider.client.delete(`/api/v1/polls/${article.id}/vote`)).status).toBe(404);
    const feed = await outsider.client.get('/api/v1/feed');
    expect(feed.body.items.map((i: { id: number }) => i.id)).not.toContain(article.id);

    const readerLive = await connectLive(reader.client);
    const outsiderLive = await connectLive(outsider.client);
    const voted = await editor.client.put(`/api/v1/polls/${article.id}/vote`, { optionIds: [ids[1]] });
    expect(voted.status).toBe(200);
    await readerLive.waitFor((m) => m.type === 'content.updated' && m.data.contentId === article.id);
    await settle();
    expect(outsiderLive.messages.some((m) => m.data?.contentId === article.id)).toBe(false);
    readerLive.close();
    outsiderLive.close();
    // The vote the outsider tried left nothing.
    expect((await reader.client.get(`/api/v1/articles/${article.id}`)).body.poll.total).toBe(1);
  });

  it('takes no votes in drafts and shows no poll on the public newsroom', async () => {
    const draft = await editor.client.post('/api/v1/articles', {
      title: 'Entwurf mit Umfrage',
      poll: { options: ['A', 'B'] },
    });
    const ids = optionIds(draft.body.poll);
    expect(
      (await editor.client.put(`/api/v1/polls/${draft.body.id}/vote`, { optionIds: [ids[0]] })).status,
    ).toBe(404);

    const article = await publishedArticle(editor.client, {
      title: 'Öffentlich mit Umfrage',
      isPublic: true,
      poll: { options: ['Blaubeerkuchen', 'Zwetschgenkuchen'] },
    });
    await drainOutbox(test);
    const guest = test.client();
    const page = await guest.get(`/news/${article.slug}`);
    expect(page.status).toBe(200);
    expect(String(page.body)).toContain('Öffentlich mit Umfrage');
    expect(String(page.body)).not.toContain('Blaubeerkuchen');
    expect(String(page.body)).not.toContain('/api/v1/polls');
    const guestVote = await guest.put(`/api/v1/polls/${article.id}/vote`, {
      optionIds: [optionIds(article.poll)[0]],
    });
    expect([401, 403]).toContain(guestVote.status);
    const feed = await guest.get('/news/feed.xml');
    expect(String(feed.body)).not.toContain('Blaubeerkuchen');
  });
});
