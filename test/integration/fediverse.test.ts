import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  Accept as AcceptActivity,
  type Activity,
  Article,
  Create,
  createFederation,
  Delete,
  Endpoints,
  exportJwk,
  Follow,
  generateCryptoKeyPair,
  importJwk,
  isActor,
  MemoryKvStore,
  Note,
  Person,
  PUBLIC_COLLECTION,
  Undo,
  Update,
} from '@fedify/fedify';
import { signRequest } from '@fedify/fedify/sig';
import { lookupWebFinger } from '@fedify/fedify/webfinger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, drainOutbox, setUpOrganisation, startTestApp, type TestApp } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';
import { createSpace } from '../helpers/stream.js';

/**
 * A second, independent ActivityPub server in the test process: a Fedify federation on its own
 * port with its own keys, acting as `@alice@127.0.0.1:PORT`. It verifies the signatures of what
 * Kantine sends (Fedify calls the inbox listeners only for verified requests).
 */
async function startAlice() {
  const received: Activity[] = [];
  /** Every POST that reached this server: path and the status it got. */
  const posts: { path: string; status: number }[] = [];
  const control = { failNext: 0 };
  const pair = await generateCryptoKeyPair('RSASSA-PKCS1-v1_5');
  // A round trip through JWK, as a real server would store them.
  const keys = {
    privateKey: await importJwk(await exportJwk(pair.privateKey), 'private'),
    publicKey: await importJwk(await exportJwk(pair.publicKey), 'public'),
  };
  const federation = createFederation<void>({ kv: new MemoryKvStore(), allowPrivateAddress: true });
  federation
    .setActorDispatcher('/users/{identifier}', async (ctx, identifier) => {
      if (identifier !== 'alice' && identifier !== 'bob') return null;
      const [key] = await ctx.getActorKeyPairs(identifier);
      return new Person({
        id: ctx.getActorUri(identifier),
        preferredUsername: identifier,
        name: identifier === 'alice' ? 'Alice Fediverse' : 'Bob',
        url: new URL(`/@${identifier}`, ctx.url),
        inbox: ctx.getInboxUri(identifier),
        endpoints: new Endpoints({ sharedInbox: ctx.getInboxUri() }),
        publicKey: key.cryptographicKey,
      });
    })
    .setKeyPairsDispatcher((_ctx, identifier) =>
      identifier === 'alice' || identifier === 'bob' ? [keys] : [],
    );
  federation
    .setInboxListeners('/users/{identifier}/inbox', '/inbox')
    .on(AcceptActivity, (_ctx, activity) => {
      received.push(activity);
    })
    .on(Create, (_ctx, activity) => {
      received.push(activity);
    })
    .on(Update, (_ctx, activity) => {
      received.push(activity);
    })
    .on(Delete, (_ctx, activity) => {
      received.push(activity);
    });

  const server = http.createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers))
      if (typeof value === 'string') headers.set(name, value);
    const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
    if (request.method === 'POST' && control.failNext > 0) {
      control.failNext--;
      posts.push({ path: request.url ?? '', status: 503 });
      response.writeHead(503).end();
      return;
    }
    const answer = await federation.fetch(
      new Request(`${base}${request.url}`, { method: request.method, headers, body }),
      { contextData: undefined },
    );
    if (request.method === 'POST') posts.push({ path: request.url ?? '', status: answer.status });
    response.writeHead(answer.status, Object.fromEntries(answer.headers));
    response.end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const ctx = federation.createContext(new URL(base), undefined);
  return {
    base,
    ctx,
    keys,
    received,
    posts,
    control,
    actorUri: ctx.getActorUri('alice'),
    handle: `@alice@${new URL(base).host}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Waits for something the other side receives in the background; never sleeps blindly. */
async function waitFor<T>(find: () => T | undefined, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const activityJson = { accept: 'application/activity+json' };
/** Tests that make an app's key pair and start an app: RSA generation takes seconds on a busy machine. */
const KEY_PAIR_TIMEOUT = 120_000;

describe('the newsroom on the Fediverse', () => {
  let test: TestApp;
  let admin: TestClient;
  let editor: TestClient;
  let alice: Awaited<ReturnType<typeof startAlice>>;
  let host: string;
  let newsActor: Awaited<ReturnType<typeof lookupActor>>;

  async function lookupActor(url: string) {
    const actor = await alice.ctx.lookupObject(url);
    if (!actor || !isActor(actor)) throw new Error('no actor');
    return actor;
  }

  async function publishArticle(fields: Record<string, unknown>) {
    const created = await editor.post('/api/v1/articles', {
      body: 'Text.',
      guestComments: 'moderated',
      ...fields,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const published = await editor.post(`/api/v1/articles/${created.body.id}/publish`, {});
    expect(published.status).toBe(200);
    await drainOutbox(test);
    return created.body as { id: number; slug: string };
  }

  beforeAll(async () => {
    test = await startTestApp({
      env: {
        KANTINE_SCHEDULER_SECONDS: '0',
        KANTINE_OUTBOUND_ALLOW_PRIVATE: 'true',
        // Retries after 50 ms instead of 5 s.
        KANTINE_OUTBOX_RETRY_SCALE: '0.01',
        KANTINE_OUTBOX_POLL_MS: '100',
      },
    });
    ({ admin } = await setUpOrganisation(test));
    editor = (await createMember(test, admin, { name: 'Erika Editor', role: 'editor' })).client;
    alice = await startAlice();
    host = new URL(test.baseUrl).host;
  });
  afterAll(async () => {
    await alice?.close();
    await test?.close();
  });

  it(
    'is found through WebFinger as @news@host (with the port) and answers with its actor',
    async () => {
      const resource = `acct:news@${host}`;
      const finger = await fetch(
        `${test.baseUrl}/.well-known/webfinger?resource=${encodeURIComponent(resource)}`,
      );
      expect(finger.status).toBe(200);
      const jrd = await finger.json();
      expect(jrd.subject).toBe(resource);
      const self = jrd.links.find((link: { rel: string }) => link.rel === 'self');
      expect(self.type).toBe('application/activity+json');
      expect(self.href).toBe(`${test.baseUrl}/ap/actor/news`);

      // Other accounts, other hosts: not ours.
      for (const other of [`acct:alice@${host}`, 'acct:news@example.org'])
        expect(
          (await fetch(`${test.baseUrl}/.well-known/webfinger?resource=${encodeURIComponent(other)}`)).status,
        ).toBe(404);

      // The other implementation's WebFinger client agrees (by the actor's URL: acct: lookups are https only).
      const viaFedify = await lookupWebFinger(self.href, { allowPrivateAddress: true });
      expect(viaFedify?.aliases ?? []).toContain(resource);

      newsActor = await lookupActor(self.href);
      expect(newsActor.constructor.name).toBe('Organization');
      expect(newsActor.preferredUsername).toBe('news');
      expect(newsActor.name?.toString()).toBe('Testfirma GmbH');
      expect(newsActor.inboxId?.href).toBe(`${test.baseUrl}/ap/actor/news/inbox`);
      expect(newsActor.endpoints?.sharedInbox?.href).toBe(`${test.baseUrl}/ap/inbox`);
      const key = await newsActor.getPublicKey();
      expect(key?.id?.href).toBe(`${test.baseUrl}/ap/actor/news#main-key`);
      expect(key?.ownerId?.href).toBe(newsActor.id?.href);

      // The key is made once and kept: the same after asking again.
      const again = await (await fetch(`${test.baseUrl}/ap/actor/news`, { headers: activityJson })).json();
      expect(again.publicKey.publicKeyPem).toBe(
        (await (await fetch(`${test.baseUrl}/ap/actor/news`, { headers: activityJson })).json()).publicKey
          .publicKeyPem,
      );
    },
    KEY_PAIR_TIMEOUT,
  );

  it('refuses unsigned and wrongly signed inbox posts with 401', async () => {
    const follow = {
      '@context': 'https://www.w3.org/ns/activitystreams',
      id: `${alice.base}/follows/forged`,
      type: 'Follow',
      actor: alice.actorUri.href,
      object: `${test.baseUrl}/ap/actor/news`,
    };
    for (const path of ['/ap/inbox', '/ap/actor/news/inbox']) {
      const unsigned = await fetch(`${test.baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/activity+json' },
        body: JSON.stringify(follow),
      });
      expect(unsigned.status).toBe(401);
    }
    // Signed by Alice's key, then the body changed on the way: the digest no longer matches.
    const signed = await signRequest(
      new Request(`${test.baseUrl}/ap/inbox`, {
        method: 'POST',
        headers: { 'content-type': 'application/activity+json' },
        body: JSON.stringify(follow),
      }),
      alice.keys.privateKey,
      new URL(`${alice.actorUri.href}#main-key`),
    );
    const tampered = await fetch(`${test.baseUrl}/ap/inbox`, {
      method: 'POST',
      headers: signed.headers,
      body: JSON.stringify({ ...follow, id: `${alice.base}/follows/other` }),
    });
    expect(tampered.status).toBe(401);
    const status = await admin.get('/api/v1/newsroom/fediverse');
    expect(status.body).toEqual({ enabled: true, handle: `@news@${host}`, followers: 0 });
  });

  it('accepts a signed Follow, sends a signed Accept and counts the follower', async () => {
    const followId = new URL(`${alice.base}/follows/1`);
    await alice.ctx.sendActivity(
      { identifier: 'alice' },
      newsActor,
      new Follow({ id: followId, actor: alice.actorUri, object: newsActor.id }),
    );
    const accept = await waitFor(
      () => alice.received.find((activity) => activity instanceof AcceptActivity),
      'the Accept',
    );
    expect(accept.actorId?.href).toBe(newsActor.id?.href);
    expect((await accept.getObject())?.id?.href).toBe(followId.href);

    // Bob on the same server follows too (one shared inbox for both).
    await alice.ctx.sendActivity(
      { identifier: 'bob' },
      newsActor,
      new Follow({
        id: new URL(`${alice.base}/follows/2`),
        actor: alice.ctx.getActorUri('bob'),
        object: newsActor.id,
      }),
    );
    await waitFor(
      () =>
        alice.received.filter((activity) => activity instanceof AcceptActivity).length === 2
          ? true
          : undefined,
      'the second Accept',
    );
    const status = await admin.get('/api/v1/newsroom/fediverse');
    expect(status.status).toBe(200);
    expect(status.body.followers).toBe(2);
    const followers = await (
      await fetch(`${test.baseUrl}/ap/actor/news/followers`, { headers: activityJson })
    ).json();
    expect(followers.totalItems).toBe(2);
    // Members do not see the desk's figures.
    const member = (await createMember(test, admin)).client;
    expect((await member.get('/api/v1/newsroom/fediverse')).status).toBe(403);
  });

  it('delivers a new public article as Create(Article), never internal or space articles', async () => {
    const before = alice.received.length;
    const space = await createSpace(admin, { name: 'Vertrieb', visibility: 'public' });
    await publishArticle({ title: 'Nur intern', isPublic: false });
    await publishArticle({ title: 'Nur im Bereich', spaceId: space.id });
    const postsBefore = alice.posts.length;
    // The first attempt fails: the outbox tries again.
    alice.control.failNext = 1;
    const article = await publishArticle({
      title: 'Wir eröffnen in Leipzig',
      teaser: 'Ein neuer Standort.',
      body: 'Mitten in der Stadt.',
      isPublic: true,
    });

    const create = await waitFor(
      () => alice.received.slice(before).find((activity) => activity instanceof Create) as Create | undefined,
      'the Create',
    );
    const object = await create.getObject();
    expect(object).toBeInstanceOf(Article);
    expect(object?.id?.href).toBe(`${test.baseUrl}/ap/articles/${article.id}`);
    expect(object?.name?.toString()).toBe('Wir eröffnen in Leipzig');
    expect(object?.content?.toString()).toContain('Mitten in der Stadt.');
    expect(object?.url).toEqual(new URL(`${test.baseUrl}/news/${article.slug}`));
    expect(create.toIds.map((id) => id.href)).toContain(PUBLIC_COLLECTION.href);
    await drainOutbox(test);
    // Only the public article went out.
    const titles = await Promise.all(
      alice.received
        .slice(before)
        .filter((activity) => activity instanceof Create)
        .map(async (activity) => (await activity.getObject())?.name?.toString()),
    );
    expect(titles).toEqual(['Wir eröffnen in Leipzig']);
    // Two followers, one shared inbox: one delivery (after one failed attempt).
    expect(alice.posts.slice(postsBefore)).toEqual([
      { path: '/inbox', status: 503 },
      { path: '/inbox', status: 202 },
    ]);

    // The outbox: the collection with its count, then the first page.
    const outbox = await (
      await fetch(`${test.baseUrl}/ap/actor/news/outbox`, { headers: activityJson })
    ).json();
    expect(outbox.type).toBe('OrderedCollection');
    expect(outbox.totalItems).toBe(1);
    const page = await (await fetch(outbox.first, { headers: activityJson })).json();
    expect(page.orderedItems).toHaveLength(1);
    expect(page.orderedItems[0].type).toBe('Create');
    expect(page.orderedItems[0].object.name).toBe('Wir eröffnen in Leipzig');
    expect(JSON.stringify(page)).not.toContain('Nur intern');
    expect(JSON.stringify(page)).not.toContain('Nur im Bereich');
    // The article itself, fetchable by its id.
    const fetched = await fetch(`${test.baseUrl}/ap/articles/${article.id}`, { headers: activityJson });
    expect(fetched.status).toBe(200);
    expect((await fetched.json()).type).toBe('Article');
  });

  it('takes a reply as a guest comment waiting for moderation, shown with the remote handle', async () => {
    const article = await publishArticle({ title: 'Frage an alle', isPublic: true, guestComments: 'open' });
    const note = new Note({
      id: new URL(`${alice.base}/notes/1`),
      attribution: alice.actorUri,
      to: PUBLIC_COLLECTION,
      replyTarget: new URL(`${test.baseUrl}/ap/articles/${article.id}`),
      content:
        '<p><span class="h-card"><a href="#" class="u-url mention">@<span>news</span></a></span> Gratuliere &amp; viel Erfolg!</p>',
    });
    await alice.ctx.sendActivity(
      { identifier: 'alice' },
      newsActor,
      new Create({ id: new URL(`${alice.base}/notes/1/activity`), actor: alice.actorUri, object: note }),
    );
    const pending = await admin.get('/api/v1/newsroom/comments?state=pending');
    expect(pending.status).toBe(200);
    const comment = pending.body.items.find((item: { articleId: number }) => item.articleId === article.id);
    expect(comment).toMatchObject({
      name: `Alice Fediverse (${alice.handle})`,
      body: 'Gratuliere & viel Erfolg!',
      state: 'pending',
    });
    // Even on an article whose guest comments need no approval: nothing from outside goes up unseen.
    const page = await fetch(`${test.baseUrl}/news/${article.slug}`);
    expect(await page.text()).not.toContain('Gratuliere');

    // Deleting the note on the remote side removes the comment.
    await alice.ctx.sendActivity(
      { identifier: 'alice' },
      newsActor,
      new Delete({ id: new URL(`${alice.base}/notes/1#delete`), actor: alice.actorUri, object: note.id }),
    );
    const after = await admin.get('/api/v1/newsroom/comments?state=pending');
    expect(after.body.items.some((item: { articleId: number }) => item.articleId === article.id)).toBe(false);

    // A note that claims another server's id, or another author, is not taken.
    for (const [id, attribution] of [
      ['http://other.example/notes/9', alice.actorUri],
      [`${alice.base}/notes/10`, alice.ctx.getActorUri('bob')],
    ] as const)
      await alice.ctx.sendActivity(
        { identifier: 'alice' },
        newsActor,
        new Create({
          id: new URL(`${alice.base}/notes/forged/${encodeURIComponent(id)}`),
          actor: alice.actorUri,
          object: new Note({
            id: new URL(id),
            attribution,
            to: PUBLIC_COLLECTION,
            replyTarget: new URL(`${test.baseUrl}/ap/articles/${article.id}`),
            content: '<p>Untergeschoben</p>',
          }),
        }),
      );
    const forged = await admin.get('/api/v1/newsroom/comments?state=pending');
    expect(JSON.stringify(forged.body.items)).not.toContain('Untergeschoben');
  });

  it('sends Update for an edit and Delete when the article is archived', async () => {
    const article = await publishArticle({ title: 'Wird geändert', isPublic: true });
    const before = alice.received.length;
    expect((await editor.patch(`/api/v1/articles/${article.id}`, { title: 'Wurde geändert' })).status).toBe(
      200,
    );
    await drainOutbox(test);
    const update = await waitFor(
      () => alice.received.slice(before).find((activity) => activity instanceof Update),
      'the Update',
    );
    expect((await update.getObject())?.name?.toString()).toBe('Wurde geändert');
    expect((await editor.patch(`/api/v1/articles/${article.id}`, { state: 'archived' })).status).toBe(200);
    await drainOutbox(test);
    const removal = await waitFor(
      () => alice.received.slice(before).find((activity) => activity instanceof Delete),
      'the Delete',
    );
    expect(removal.objectId?.href).toBe(`${test.baseUrl}/ap/articles/${article.id}`);
  });

  it('forgets a follower on Undo(Follow)', async () => {
    const follow = new Follow({
      id: new URL(`${alice.base}/follows/1`),
      actor: alice.actorUri,
      object: newsActor.id,
    });
    await alice.ctx.sendActivity(
      { identifier: 'alice' },
      newsActor,
      new Undo({ id: new URL(`${alice.base}/follows/1#undo`), actor: alice.actorUri, object: follow }),
    );
    expect((await admin.get('/api/v1/newsroom/fediverse')).body.followers).toBe(1);
  });
});

describe('the newsroom on the Fediverse: outgoing rules and the switch', () => {
  let alice: Awaited<ReturnType<typeof startAlice>>;
  beforeAll(async () => {
    alice = await startAlice();
  });
  afterAll(() => alice?.close());

  it(
    'fetches remote keys only on public addresses unless private ones are allowed',
    async () => {
      const test = await startTestApp({ env: { KANTINE_SCHEDULER_SECONDS: '0' } });
      try {
        const { admin } = await setUpOrganisation(test);
        const actor = await alice.ctx.lookupObject(`${test.baseUrl}/ap/actor/news`);
        if (!actor || !isActor(actor)) throw new Error('no actor');
        // Alice lives on 127.0.0.1: Kantine may not fetch her key, so her signature cannot be verified.
        await expect(
          alice.ctx.sendActivity(
            { identifier: 'alice' },
            actor,
            new Follow({
              id: new URL(`${alice.base}/follows/private`),
              actor: alice.actorUri,
              object: actor.id,
            }),
          ),
        ).rejects.toThrow(/401/);
        expect((await admin.get('/api/v1/newsroom/fediverse')).body.followers).toBe(0);
      } finally {
        await test.close();
      }
    },
    KEY_PAIR_TIMEOUT,
  );

  it(
    'answers nothing when federation is switched off',
    async () => {
      const test = await startTestApp({ env: { KANTINE_FEDERATION: 'off' } });
      try {
        const { admin } = await setUpOrganisation(test);
        const host = new URL(test.baseUrl).host;
        const finger = await fetch(
          `${test.baseUrl}/.well-known/webfinger?resource=${encodeURIComponent(`acct:news@${host}`)}`,
        );
        expect(finger.status).toBe(404);
        expect((await fetch(`${test.baseUrl}/ap/actor/news`, { headers: activityJson })).status).toBe(404);
        expect((await admin.get('/api/v1/newsroom/fediverse')).body).toMatchObject({ enabled: false });
      } finally {
        await test.close();
      }
    },
    KEY_PAIR_TIMEOUT,
  );
});
