import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, drainOutbox, setUpOrganisation, startTestApp, type TestApp } from '../helpers/app.js';
import { uploadImage } from '../helpers/articles.js';
import type { TestClient } from '../helpers/client.js';
import { connectLive, settle } from '../helpers/live.js';
import { addToSpace, createSpace } from '../helpers/stream.js';

type Person = { client: TestClient; user: { id: number; handle: string } };
let test: TestApp;
let admin: TestClient;
let author: Person;
let colleague: Person;
let follower: Person;
let reviewer: Person;
let spaceAdmin: Person;
let outsider: Person;
let publicSpace: { id: number };
let secretSpace: { id: number };

const idea = (title: string, extra: Record<string, unknown> = {}) => ({
  title,
  problem: 'Die Kaffeemaschine im 3. Stock ist ständig leer.',
  proposal: 'Eine zweite Maschine aufstellen.',
  ...extra,
});

async function submit(client: TestClient, path: string, body: Record<string, unknown>) {
  const response = await client.post(path, body);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

const notificationsAbout = async (person: Person, contentId: number) =>
  (await person.client.get('/api/v1/notifications')).body.items.filter(
    (n: { contentId: number; type: string }) => n.contentId === contentId && n.type === 'idea_status',
  );

beforeAll(async () => {
  test = await startTestApp();
  ({ admin } = await setUpOrganisation(test));
  author = await createMember(test, admin);
  colleague = await createMember(test, admin);
  follower = await createMember(test, admin);
  reviewer = await createMember(test, admin);
  spaceAdmin = await createMember(test, admin);
  outsider = await createMember(test, admin);
  publicSpace = await createSpace(spaceAdmin.client, { visibility: 'public' });
  secretSpace = await createSpace(spaceAdmin.client, { visibility: 'secret' });
  for (const person of [author, colleague, follower]) {
    await addToSpace(spaceAdmin.client, person.client, person.user.id, publicSpace.id);
    await addToSpace(spaceAdmin.client, person.client, person.user.id, secretSpace.id);
  }
});

afterAll(async () => test?.close());

describe('the ideas board', () => {
  it('takes ideas on the company board with a picture, shows them in feeds and lists', async () => {
    const pictureId = await uploadImage(author.client);
    const created = await submit(
      author.client,
      '/api/v1/ideas',
      idea('Zweite Kaffeemaschine', { pictureId }),
    );
    expect(created).toMatchObject({
      kind: 'idea',
      url: `/ideas/${created.id}`,
      space: null,
      idea: {
        title: 'Zweite Kaffeemaschine',
        status: 'new',
        votes: 0,
        myVote: false,
        following: true,
        mayReview: false,
        pictureUrl: `/api/v1/files/${pictureId}/download`,
      },
    });
    // The picture is readable by everyone who may read the idea.
    expect((await outsider.client.get(created.idea.pictureUrl)).status).toBe(200);
    // Someone else's or a used upload is refused.
    expect((await colleague.client.post('/api/v1/ideas', idea('Fremdes Bild', { pictureId }))).status).toBe(
      400,
    );
    const list = await outsider.client.get('/api/v1/ideas');
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: { id: number }) => i.id)).toContain(created.id);
    const detail = await outsider.client.get(`/api/v1/ideas/${created.id}`);
    expect(detail.body).toMatchObject({ item: { id: created.id, kind: 'idea' }, history: [] });
    const found = await outsider.client.get('/api/v1/search?q=kaffeemaschine');
    expect(found.body.items.some((i: { id: number }) => i.id === created.id)).toBe(true);
    // Comments attach through the existing comments on content.
    expect(
      (await colleague.client.post(`/api/v1/content/${created.id}/comments`, { body: 'Gute Idee' })).status,
    ).toBe(201);
    // Bad input is refused.
    expect(
      (await author.client.post('/api/v1/ideas', { title: '', problem: 'x', proposal: 'y' })).status,
    ).toBe(400);
  });

  it('counts one vote per person, withdrawable, and sorts by votes or newest', async () => {
    const first = await submit(
      author.client,
      `/api/v1/spaces/${publicSpace.id}/ideas`,
      idea('Fahrradständer'),
    );
    const second = await submit(author.client, `/api/v1/spaces/${publicSpace.id}/ideas`, idea('Obstkorb'));
    const voted = await colleague.client.put(`/api/v1/ideas/${first.id}/vote`);
    expect(voted.body.idea).toMatchObject({ votes: 1, myVote: true });
    expect((await colleague.client.put(`/api/v1/ideas/${first.id}/vote`)).body.idea.votes).toBe(1);
    await Promise.all([
      follower.client.put(`/api/v1/ideas/${first.id}/vote`),
      follower.client.put(`/api/v1/ideas/${first.id}/vote`),
      follower.client.put(`/api/v1/ideas/${first.id}/vote`),
      author.client.put(`/api/v1/ideas/${first.id}/vote`),
    ]);
    expect((await outsider.client.get(`/api/v1/content/${first.id}`)).body.idea.votes).toBe(3);
    const withdrawn = await follower.client.delete(`/api/v1/ideas/${first.id}/vote`);
    expect(withdrawn.body.idea).toMatchObject({ votes: 2, myVote: false });
    await Promise.all([
      follower.client.delete(`/api/v1/ideas/${first.id}/vote`),
      follower.client.delete(`/api/v1/ideas/${first.id}/vote`),
    ]);
    expect((await outsider.client.get(`/api/v1/content/${first.id}`)).body.idea.votes).toBe(2);

    const byVotes = await outsider.client.get(`/api/v1/ideas?spaceId=${publicSpace.id}&sort=votes`);
    expect(byVotes.body.items.map((i: { id: number }) => i.id)).toEqual([first.id, second.id]);
    const byNew = await outsider.client.get(`/api/v1/ideas?spaceId=${publicSpace.id}&sort=new`);
    expect(byNew.body.items.map((i: { id: number }) => i.id)).toEqual([second.id, first.id]);
    const paged = await outsider.client.get(`/api/v1/ideas?spaceId=${publicSpace.id}&sort=new&limit=1`);
    expect(paged.body.items).toHaveLength(1);
    const next = await outsider.client.get(
      `/api/v1/ideas?spaceId=${publicSpace.id}&sort=new&limit=1&cursor=${paged.body.nextCursor}`,
    );
    expect(next.body.items.map((i: { id: number }) => i.id)).toEqual([first.id]);
    // Outsiders cannot submit to a space they are not in.
    expect((await outsider.client.post(`/api/v1/spaces/${publicSpace.id}/ideas`, idea('Nein'))).status).toBe(
      403,
    );
  });

  it('lets only the board’s reviewers change the status, notifying author and followers exactly once', async () => {
    const company = await submit(author.client, '/api/v1/ideas', idea('Homeoffice-Pauschale'));
    const followed = await follower.client.put(`/api/v1/ideas/${company.id}/follow`);
    expect(followed.body.idea.following).toBe(true);
    const change = { status: 'review', reason: 'Wir prüfen das mit der Personalabteilung.' };
    expect((await reviewer.client.post(`/api/v1/ideas/${company.id}/status`, change)).status).toBe(403);
    expect((await spaceAdmin.client.post(`/api/v1/ideas/${company.id}/status`, change)).status).toBe(403);
    // An administrator gives the reviewer right for the company board.
    const granted = await admin.patch(`/api/v1/admin/users/${reviewer.user.id}`, { ideasReviewer: true });
    expect(granted.status, JSON.stringify(granted.body)).toBe(200);
    expect((await reviewer.client.get(`/api/v1/content/${company.id}`)).body.idea.mayReview).toBe(true);
    const reviewers = await admin.get('/api/v1/admin/ideas-reviewers');
    expect(reviewers.body.items.map((r: { id: number }) => r.id)).toEqual([reviewer.user.id]);
    expect((await reviewer.client.get('/api/v1/admin/ideas-reviewers')).status).toBe(403);
    expect(
      (await reviewer.client.patch(`/api/v1/admin/users/${colleague.user.id}`, { ideasReviewer: true }))
        .status,
    ).toBe(403);

    const authorLive = await connectLive(author.client);
    const changed = await reviewer.client.post(`/api/v1/ideas/${company.id}/status`, change);
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body.idea).toMatchObject({ status: 'review', statusReason: change.reason });
    await authorLive.waitFor((m) => m.type === 'content.updated' && m.data.contentId === company.id);
    authorLive.close();
    await drainOutbox(test);
    for (const person of [author, follower]) {
      const notes = await notificationsAbout(person, company.id);
      expect(notes, person.user.handle).toHaveLength(1);
      expect(notes[0]).toMatchObject({ url: `/ideas/${company.id}`, excerpt: 'Homeoffice-Pauschale' });
    }
    expect(await notificationsAbout(reviewer, company.id)).toHaveLength(0);
    expect(await notificationsAbout(colleague, company.id)).toHaveLength(0);
    // Unfollowing stops them; the history keeps the public reasons.
    await follower.client.delete(`/api/v1/ideas/${company.id}/follow`);
    await reviewer.client.post(`/api/v1/ideas/${company.id}/status`, {
      status: 'planned',
      reason: 'Kommt 2027.',
    });
    await drainOutbox(test);
    expect(await notificationsAbout(author, company.id)).toHaveLength(2);
    expect(await notificationsAbout(follower, company.id)).toHaveLength(1);
    const detail = await colleague.client.get(`/api/v1/ideas/${company.id}`);
    expect(detail.body.history.map((h: { status: string; reason: string }) => [h.status, h.reason])).toEqual([
      ['planned', 'Kommt 2027.'],
      ['review', change.reason],
    ]);
    const filtered = await colleague.client.get('/api/v1/ideas?status=planned');
    expect(filtered.body.items.map((i: { id: number }) => i.id)).toEqual([company.id]);

    // Space boards: the space's admins review; the company reviewer does not.
    const spaceIdea = await submit(author.client, `/api/v1/spaces/${publicSpace.id}/ideas`, idea('Pflanzen'));
    const declined = { status: 'declined', reason: 'Kein Platz.' };
    expect((await reviewer.client.post(`/api/v1/ideas/${spaceIdea.id}/status`, declined)).status).toBe(403);
    expect((await spaceAdmin.client.post(`/api/v1/ideas/${spaceIdea.id}/status`, declined)).status).toBe(200);
    // Merging needs another idea of the same board.
    const other = await submit(
      author.client,
      `/api/v1/spaces/${publicSpace.id}/ideas`,
      idea('Mehr Pflanzen'),
    );
    const badMerge = await spaceAdmin.client.post(`/api/v1/ideas/${other.id}/status`, {
      status: 'merged',
      reason: 'Doppelt',
      mergedInto: company.id,
    });
    expect(badMerge.body.error.code).toBe('invalid_merge');
    expect(
      (
        await spaceAdmin.client.post(`/api/v1/ideas/${other.id}/status`, {
          status: 'merged',
          reason: 'Doppelt',
        })
      ).status,
    ).toBe(400);
    const merged = await spaceAdmin.client.post(`/api/v1/ideas/${other.id}/status`, {
      status: 'merged',
      reason: 'Doppelt',
      mergedInto: spaceIdea.id,
    });
    expect(merged.body.idea).toMatchObject({ status: 'merged', mergedInto: spaceIdea.id });
  });

  it('keeps a secret space’s ideas from outsiders on every channel', async () => {
    const outsiderLive = await connectLive(outsider.client);
    const memberLive = await connectLive(colleague.client);
    const pictureId = await uploadImage(author.client);
    const secret = await submit(
      author.client,
      `/api/v1/spaces/${secretSpace.id}/ideas`,
      idea('Geheimprojekt Zitrone', { pictureId }),
    );
    await colleague.client.put(`/api/v1/ideas/${secret.id}/follow`);
    await colleague.client.put(`/api/v1/ideas/${secret.id}/vote`);
    await memberLive.waitFor((m) => m.data?.contentId === secret.id);
    await spaceAdmin.client.post(`/api/v1/ideas/${secret.id}/status`, { status: 'planned', reason: 'Ja.' });
    await drainOutbox(test);
    await settle();
    expect(outsiderLive.messages.some((m) => m.data?.contentId === secret.id)).toBe(false);
    outsiderLive.close();
    memberLive.close();

    expect((await outsider.client.get(`/api/v1/ideas/${secret.id}`)).status).toBe(404);
    expect((await outsider.client.get(`/api/v1/content/${secret.id}`)).status).toBe(404);
    expect((await outsider.client.get(`/api/v1/ideas?spaceId=${secretSpace.id}`)).status).toBe(404);
    expect(
      (await outsider.client.get('/api/v1/ideas')).body.items.map((i: { id: number }) => i.id),
    ).not.toContain(secret.id);
    expect(
      (await outsider.client.get('/api/v1/feed')).body.items.map((i: { id: number }) => i.id),
    ).not.toContain(secret.id);
    expect((await outsider.client.get('/api/v1/search?q=zitrone')).body.items).toHaveLength(0);
    expect((await colleague.client.get('/api/v1/search?q=zitrone')).body.items.length).toBeGreaterThan(0);
    expect((await outsider.client.get(`/api/v1/files/${pictureId}/download`)).status).toBe(404);
    expect((await colleague.client.get(`/api/v1/files/${pictureId}/download`)).status).toBe(200);
    for (const path of ['vote', 'follow']) {
      expect((await outsider.client.put(`/api/v1/ideas/${secret.id}/${path}`)).status).toBe(404);
    }
    expect(
      (await outsider.client.post(`/api/v1/ideas/${secret.id}/status`, { status: 'done', reason: 'x' }))
        .status,
    ).toBe(404);
    // The outsider follows nothing there, so no notification reaches them; the member is told.
    expect(await notificationsAbout(colleague, secret.id)).toHaveLength(1);
    expect(await notificationsAbout(outsider, secret.id)).toHaveLength(0);
  });
});
