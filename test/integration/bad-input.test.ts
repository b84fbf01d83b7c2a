import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUpOrganisation, startTestApp, type TestApp } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';
import { post } from '../helpers/stream.js';

/**
 * Input that used to reach PostgreSQL and come back as a 500 (NUL bytes, non-integer cursors,
 * ids beyond 32 bits, impossible dates, truncated uploads). The same table runs on both databases
 * (`KANTINE_TEST_DB=postgres`): every case is a 4xx, and nothing is written.
 */
const NUL = 'a\u0000b';
const cursorOf = (json: string) => Buffer.from(json).toString('base64url');
const BIG_ID = 2 ** 31; // one beyond PostgreSQL's integer
const at = '"2026-11-27T09:00:00.000Z"';

describe('bad input answers 4xx on every endpoint, on both databases', () => {
  let test: TestApp;
  let admin: TestClient;
  let adminId: number;
  let spaceId: number;
  let postId: number;
  beforeAll(async () => {
    test = await startTestApp();
    const setup = await setUpOrganisation(test);
    admin = setup.admin;
    adminId = setup.adminUser.id;
    spaceId = (await admin.get('/api/v1/spaces?mine=true')).body.items[0].id;
    postId = (await post(admin, spaceId, 'Ein Beitrag mit #sommerfest')).id;
  });
  afterAll(async () => test?.close());

  type Case = [name: string, method: string, path: () => string, body?: () => unknown];
  const nulCases: Case[] = [
    ['post body', 'POST', () => `/api/v1/spaces/${spaceId}/posts`, () => ({ body: NUL })],
    ['profile post', 'POST', () => `/api/v1/users/${adminId}/posts`, () => ({ body: NUL })],
    ['post edit', 'PATCH', () => `/api/v1/content/${postId}`, () => ({ body: NUL })],
    ['comment', 'POST', () => `/api/v1/content/${postId}/comments`, () => ({ body: NUL })],
    ['space name', 'POST', () => '/api/v1/spaces', () => ({ name: NUL })],
    ['space description', 'PATCH', () => `/api/v1/spaces/${spaceId}`, () => ({ description: NUL })],
    ['profile field', 'PATCH', () => '/api/v1/me', () => ({ title: NUL })],
    ['profile skills', 'PATCH', () => '/api/v1/me', () => ({ skills: [NUL] })],
    [
      'article title',
      'POST',
      () => '/api/v1/articles',
      () => ({ title: NUL, body: 'x', teaser: '', category: '' }),
    ],
    ['organisation name', 'PATCH', () => '/api/v1/organisation', () => ({ name: NUL })],
    ['token name', 'POST', () => '/api/v1/tokens', () => ({ name: NUL, scope: 'read' })],
    ['invitation e-mail', 'POST', () => '/api/v1/invitations', () => ({ email: `x${NUL}@example.com` })],
    ['folder name', 'POST', () => `/api/v1/spaces/${spaceId}/folders`, () => ({ name: NUL })],
    ['people search', 'GET', () => `/api/v1/users?q=${encodeURIComponent(NUL)}`],
    ['people filter', 'GET', () => `/api/v1/users?department=${encodeURIComponent(NUL)}`],
    ['space search', 'GET', () => `/api/v1/spaces?q=${encodeURIComponent(NUL)}`],
    ['hashtag feed', 'GET', () => `/api/v1/hashtags/${encodeURIComponent(NUL)}/feed`],
    ['search', 'GET', () => `/api/v1/search?q=${encodeURIComponent(NUL)}`],
    ['suggest', 'GET', () => `/api/v1/search/suggest?q=${encodeURIComponent(NUL)}`],
    ['article category', 'GET', () => `/api/v1/articles?category=${encodeURIComponent(NUL)}`],
  ];

  it.each(nulCases)('refuses NUL in %s', async (_name, method, path, body) => {
    const response = await admin.request(method, path(), body ? { json: body() } : {});
    expect(response.status, JSON.stringify(response.body)).toBe(400);
    expect(response.body.error.code).toBe('validation_failed');
    expect(response.body.error.message).toContain('NUL');
  });

  const badNumbers = ['1.5', '1e20', '1e400', '-1', '"1"'];
  const lists: Array<[name: string, path: (cursor: string) => string, shape: (n: string) => string]> = [
    ['home feed', (c) => `/api/v1/feed?cursor=${c}`, (n) => `[${at},${n}]`],
    ['space feed', (c) => `/api/v1/spaces/${spaceId}/feed?cursor=${c}`, (n) => `[${at},${n}]`],
    ['profile feed', (c) => `/api/v1/users/${adminId}/feed?cursor=${c}`, (n) => `[${at},${n}]`],
    ['hashtag feed', (c) => `/api/v1/hashtags/sommerfest/feed?cursor=${c}`, (n) => `[${at},${n}]`],
    ['comments', (c) => `/api/v1/content/${postId}/comments?cursor=${c}`, (n) => `[${at},${n}]`],
    ['notifications', (c) => `/api/v1/notifications?cursor=${c}`, (n) => `[${at},${n}]`],
    ['spaces', (c) => `/api/v1/spaces?cursor=${c}`, (n) => `["Alle",${n}]`],
    ['members', (c) => `/api/v1/spaces/${spaceId}/members?cursor=${c}`, (n) => `["Ada",${n}]`],
    ['people', (c) => `/api/v1/users?cursor=${c}`, (n) => `["Ada",${n}]`],
    ['articles', (c) => `/api/v1/articles?cursor=${c}`, (n) => `[${at},${n}]`],
    ['guest comments', (c) => `/api/v1/newsroom/comments?cursor=${c}`, (n) => `[${n}]`],
    ['search', (c) => `/api/v1/search?q=beitrag&cursor=${c}`, (n) => `[0,1796000000,${n}]`],
    ['public newsroom', (c) => `/news?before=${c}`, (n) => `[${at},${n}]`],
  ];
  const cursorCases = lists.flatMap(([name, path, shape]) =>
    badNumbers.map((n) => [`${name} with id ${n}`, path, shape(n)] as const),
  );

  it.each(cursorCases)('refuses a cursor: %s', async (_name, path, json) => {
    const response = await admin.get(path(cursorOf(json)));
    expect(response.status, JSON.stringify(response.body)).toBe(400);
    expect(response.body.error.code).toBe('invalid_cursor');
  });

  it('refuses NUL in the text parts of cursors (file library)', async () => {
    const response = await admin.get(
      `/api/v1/spaces/${spaceId}/files?cursor=${cursorOf('["a\\u0000b","c"]')}`,
    );
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('invalid_cursor');
  });

  const idCases: Case[] = [
    ['content', 'GET', () => `/api/v1/content/${BIG_ID}`],
    ['content 2^53', 'GET', () => `/api/v1/content/${2 ** 53 - 1}`],
    ['comments of content', 'GET', () => `/api/v1/content/${BIG_ID}/comments`],
    ['reaction', 'PUT', () => `/api/v1/content/${BIG_ID}/reaction`, () => ({ type: 'like' })],
    [
      'reply parent',
      'POST',
      () => `/api/v1/content/${postId}/comments`,
      () => ({ body: 'Antwort', parentId: BIG_ID }),
    ],
    ['space', 'GET', () => `/api/v1/spaces/${BIG_ID}`],
    ['space member', 'DELETE', () => `/api/v1/spaces/${spaceId}/members/${BIG_ID}`],
    ['invited member', 'POST', () => `/api/v1/spaces/${spaceId}/members`, () => ({ userId: BIG_ID })],
    ['user', 'GET', () => `/api/v1/users/${BIG_ID}`],
    ['follow', 'POST', () => `/api/v1/users/${BIG_ID}/follow`],
    ['article', 'GET', () => `/api/v1/articles/${BIG_ID}`],
    [
      'article space',
      'POST',
      () => '/api/v1/articles',
      () => ({ title: 'T', body: 'x', teaser: '', category: '', spaceId: BIG_ID }),
    ],
    ['notification ids', 'POST', () => '/api/v1/notifications/read', () => ({ ids: [BIG_ID] })],
    ['muted spaces', 'PUT', () => '/api/v1/notification-settings', () => ({ mutedSpaceIds: [BIG_ID] })],
    ['search author', 'GET', () => `/api/v1/search?q=x&authorId=${BIG_ID}`],
    ['library folder', 'GET', () => `/api/v1/spaces/${spaceId}/files?folderId=${BIG_ID}`],
    ['manager', 'PATCH', () => '/api/v1/me', () => ({ managerId: BIG_ID })],
    ['fractional id', 'GET', () => '/api/v1/content/1.5'],
  ];

  it.each(idCases)('refuses an id out of range: %s', async (_name, method, path, body) => {
    const response = await admin.request(method, path(), body ? { json: body() } : {});
    expect(response.status, JSON.stringify(response.body)).toBe(400);
    expect(response.body.error.code).toBe('validation_failed');
  });

  it.each([
    ['month 13', 'from=2026-13-45'],
    ['30 February', 'to=2026-02-30'],
    ['no date', 'from=2026-1-1'],
  ])('refuses a search date that does not exist: %s', async (_name, query) => {
    const response = await admin.get(`/api/v1/search?q=beitrag&${query}`);
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(/date/);
  });

  it('accepts real dates', async () => {
    expect((await admin.get('/api/v1/search?q=beitrag&from=2024-02-29&to=2026-12-31')).status).toBe(200);
  });

  it('says why a hashtag over 100 characters is refused, instead of "No such endpoint"', async () => {
    const response = await admin.get(`/api/v1/hashtags/${'a'.repeat(120)}/feed`);
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(/hashtag/);
  });

  it('answers a truncated multipart upload with 400', async () => {
    const url = new URL(test.baseUrl);
    const boundary = 'kantinegrenze';
    const body = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nhalf of a file`,
    );
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(url.port), url.hostname);
      let answer = '';
      socket.on('data', (chunk) => {
        answer += chunk.toString();
        if (answer.includes('\r\n\r\n{') && answer.trimEnd().endsWith('}')) socket.end();
      });
      socket.on('end', () => resolve(answer));
      socket.on('error', reject);
      socket.write(
        [
          'POST /api/v1/uploads HTTP/1.1',
          `Host: ${url.host}`,
          `Origin: ${test.baseUrl}`,
          `Cookie: kantine_session=${admin.sessionCookie}`,
          `Content-Type: multipart/form-data; boundary=${boundary}`,
          `Content-Length: ${body.length}`,
          'Connection: close',
          '',
          '',
        ].join('\r\n'),
      );
      // The body is complete as far as Content-Length goes, but its closing boundary never comes.
      // The socket stays open (a half-close could make the server drop it before answering).
      socket.write(body);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400/);
    expect(raw).toContain('invalid_upload');
  });

  it('refuses form-encoded bodies on JSON routes with 415, and nothing was written by any case', async () => {
    const response = await fetch(`${test.baseUrl}/api/v1/spaces/${spaceId}/posts`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: `kantine_session=${admin.sessionCookie}`,
        origin: test.baseUrl,
      },
      body: 'body=per+Formular',
    });
    expect(response.status).toBe(415);
    expect((await response.json()).error.code).toBe('unsupported_media_type');
    const feed = await admin.get(`/api/v1/spaces/${spaceId}/feed`);
    expect(feed.body.items.map((item: { id: number }) => item.id)).toEqual([postId]);
    expect((await admin.get(`/api/v1/content/${postId}/comments`)).body.items).toEqual([]);
    const spaces = await admin.get('/api/v1/spaces');
    expect(spaces.body.items).toHaveLength(1);
  });
});
