import { detectFacets } from '../../../shared/social/facets.js';
import { type OutboundResponse, outboundRequest } from '../../lib/outbound.js';

/**
 * The two open networks Kantine posts to itself, over plain HTTP through the outbound guard:
 * Mastodon (REST, bearer token) and Bluesky (AT Protocol XRPC, app password).
 */
export interface Picture {
  bytes: Buffer;
  mime: string;
  name: string;
  alt: string;
  width: number | null;
  height: number | null;
}
export interface Published {
  url: string;
}

/** The network answered with a client error: retrying will not help (bad token, refused text). */
export class NetworkRefused extends Error {}

export interface MastodonCredentials {
  accessToken: string;
}
export interface BlueskyCredentials {
  identifier: string;
  appPassword: string;
}

const TIMEOUT_MS = 30_000;

async function call(
  url: string,
  options: { method: string; headers?: Record<string, string>; body?: string | Buffer; json?: unknown },
  allowPrivate: boolean,
  // biome-ignore lint/suspicious/noExplicitAny: each caller reads the few fields the network documents.
): Promise<OutboundResponse & { json: () => any }> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  let body = options.body;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  }
  if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
  const response = await outboundRequest(url, {
    method: options.method,
    headers,
    body,
    timeoutMs: TIMEOUT_MS,
    allowPrivate,
  });
  if (response.status >= 400 && response.status < 500)
    throw new NetworkRefused(
      `${options.method} ${new URL(url).pathname} answered ${response.status}: ${response.body.slice(0, 300)}`,
    );
  if (response.status >= 300)
    throw new Error(`${options.method} ${new URL(url).pathname} answered ${response.status}`);
  return { ...response, json: () => JSON.parse(response.body) };
}

const join = (base: string, path: string) => `${base.replace(/\/+$/, '')}${path}`;

function multipart(fields: Array<{ name: string; value: string } | { name: string; file: Picture }>) {
  const boundary = `kantine-${Math.random().toString(36).slice(2)}${Date.now()}`;
  const parts: Buffer[] = [];
  for (const field of fields) {
    parts.push(Buffer.from(`--${boundary}\r\n`));
    if ('file' in field) {
      parts.push(
        Buffer.from(
          `Content-Disposition: form-data; name="${field.name}"; filename="${field.file.name.replace(/"/g, '')}"\r\nContent-Type: ${field.file.mime}\r\n\r\n`,
        ),
        field.file.bytes,
        Buffer.from('\r\n'),
      );
    } else {
      parts.push(
        Buffer.from(`Content-Disposition: form-data; name="${field.name}"\r\n\r\n${field.value}\r\n`),
      );
    }
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Checks a Mastodon token; answers the account's name (`@user@instance`). */
export async function mastodonVerify(
  instanceUrl: string,
  credentials: MastodonCredentials,
  allowPrivate: boolean,
) {
  const response = await call(
    join(instanceUrl, '/api/v1/accounts/verify_credentials'),
    { method: 'GET', headers: { authorization: `Bearer ${credentials.accessToken}` } },
    allowPrivate,
  );
  const account = response.json() as { acct?: string; username?: string };
  return `@${account.acct ?? account.username ?? '?'}@${new URL(instanceUrl).host}`;
}

/** The scopes Kantine asks a Mastodon instance for: post statuses with media, read its own account. */
export const MASTODON_SCOPES = 'write:statuses write:media read:accounts';

/** Registers Kantine as an OAuth app on an instance (`POST /api/v1/apps`). */
export async function mastodonRegisterApp(
  instanceUrl: string,
  app: { clientName: string; redirectUri: string; website: string },
  allowPrivate: boolean,
): Promise<{ clientId: string; clientSecret: string }> {
  const response = await call(
    join(instanceUrl, '/api/v1/apps'),
    {
      method: 'POST',
      json: {
        client_name: app.clientName,
        redirect_uris: app.redirectUri,
        scopes: MASTODON_SCOPES,
        website: app.website,
      },
    },
    allowPrivate,
  );
  const answer = response.json() as { client_id?: unknown; client_secret?: unknown };
  if (typeof answer.client_id !== 'string' || typeof answer.client_secret !== 'string')
    throw new NetworkRefused('POST /api/v1/apps answered without client_id and client_secret');
  return { clientId: answer.client_id, clientSecret: answer.client_secret };
}

/** The page on the instance where the person allows Kantine to post. */
export function mastodonAuthorizeUrl(
  instanceUrl: string,
  options: { clientId: string; redirectUri: string; state: string },
): string {
  const url = new URL(join(instanceUrl, '/oauth/authorize'));
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: options.clientId,
    redirect_uri: options.redirectUri,
    scope: MASTODON_SCOPES,
    state: options.state,
  }).toString();
  return url.toString();
}

/** Exchanges the authorisation code for an access token (`POST /oauth/token`). */
export async function mastodonExchangeCode(
  instanceUrl: string,
  options: { clientId: string; clientSecret: string; redirectUri: string; code: string },
  allowPrivate: boolean,
): Promise<MastodonCredentials> {
  const response = await call(
    join(instanceUrl, '/oauth/token'),
    {
      method: 'POST',
      json: {
        grant_type: 'authorization_code',
        code: options.code,
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uri: options.redirectUri,
        scope: MASTODON_SCOPES,
      },
    },
    allowPrivate,
  );
  const answer = response.json() as { access_token?: unknown };
  if (typeof answer.access_token !== 'string' || !answer.access_token)
    throw new NetworkRefused('POST /oauth/token answered without an access token');
  return { accessToken: answer.access_token };
}

/** Media first (`POST /api/v2/media` with the alt text as description), then the status with an Idempotency-Key. */
export async function mastodonPublish(
  instanceUrl: string,
  credentials: MastodonCredentials,
  post: { text: string; pictures: Picture[]; idempotencyKey: string },
  allowPrivate: boolean,
): Promise<Published> {
  const authorization = `Bearer ${credentials.accessToken}`;
  const mediaIds: string[] = [];
  for (const picture of post.pictures) {
    const form = multipart([
      { name: 'file', file: picture },
      { name: 'description', value: picture.alt },
    ]);
    const media = await call(
      join(instanceUrl, '/api/v2/media'),
      { method: 'POST', headers: { authorization, 'content-type': form.contentType }, body: form.body },
      allowPrivate,
    );
    mediaIds.push(String(media.json().id));
  }
  const status = await call(
    join(instanceUrl, '/api/v1/statuses'),
    {
      method: 'POST',
      headers: { authorization, 'idempotency-key': post.idempotencyKey },
      json: { status: post.text, media_ids: mediaIds, visibility: 'public' },
    },
    allowPrivate,
  );
  const answer = status.json() as { url?: string; uri?: string; id: string };
  return { url: answer.url ?? answer.uri ?? join(instanceUrl, `/statuses/${answer.id}`) };
}

async function blueskySession(serviceUrl: string, credentials: BlueskyCredentials, allowPrivate: boolean) {
  const response = await call(
    join(serviceUrl, '/xrpc/com.atproto.server.createSession'),
    { method: 'POST', json: { identifier: credentials.identifier, password: credentials.appPassword } },
    allowPrivate,
  );
  return response.json() as { accessJwt: string; did: string; handle: string };
}

/** Checks a Bluesky app password; answers the handle. */
export async function blueskyVerify(
  serviceUrl: string,
  credentials: BlueskyCredentials,
  allowPrivate: boolean,
) {
  return `@${(await blueskySession(serviceUrl, credentials, allowPrivate)).handle}`;
}

/**
 * createSession, uploadBlob for each picture, then createRecord of an `app.bsky.feed.post` with
 * facets (links, mentions resolved to DIDs, tags) and the images embedded with their alt texts.
 * `rkey` is fixed per post: a retry after a lost answer finds the record already there.
 */
export async function blueskyPublish(
  serviceUrl: string,
  credentials: BlueskyCredentials,
  post: { text: string; pictures: Picture[]; rkey: string; createdAt: string },
  allowPrivate: boolean,
): Promise<Published> {
  const session = await blueskySession(serviceUrl, credentials, allowPrivate);
  const authorization = `Bearer ${session.accessJwt}`;
  const images = [];
  for (const picture of post.pictures) {
    const uploaded = await call(
      join(serviceUrl, '/xrpc/com.atproto.repo.uploadBlob'),
      { method: 'POST', headers: { authorization, 'content-type': picture.mime }, body: picture.bytes },
      allowPrivate,
    );
    images.push({
      alt: picture.alt,
      image: uploaded.json().blob,
      ...(picture.width && picture.height
        ? { aspectRatio: { width: picture.width, height: picture.height } }
        : {}),
    });
  }
  const facets = [];
  for (const facet of detectFacets(post.text)) {
    const index = { byteStart: facet.byteStart, byteEnd: facet.byteEnd };
    if (facet.feature.kind === 'link')
      facets.push({ index, features: [{ $type: 'app.bsky.richtext.facet#link', uri: facet.feature.uri }] });
    else if (facet.feature.kind === 'tag')
      facets.push({ index, features: [{ $type: 'app.bsky.richtext.facet#tag', tag: facet.feature.tag }] });
    else {
      const did = await resolveHandle(serviceUrl, facet.feature.handle, allowPrivate);
      if (did) facets.push({ index, features: [{ $type: 'app.bsky.richtext.facet#mention', did }] });
    }
  }
  const record = {
    $type: 'app.bsky.feed.post',
    text: post.text,
    createdAt: post.createdAt,
    langs: ['de'],
    ...(facets.length ? { facets } : {}),
    ...(images.length ? { embed: { $type: 'app.bsky.embed.images', images } } : {}),
  };
  try {
    await call(
      join(serviceUrl, '/xrpc/com.atproto.repo.createRecord'),
      {
        method: 'POST',
        headers: { authorization },
        json: { repo: session.did, collection: 'app.bsky.feed.post', rkey: post.rkey, record },
      },
      allowPrivate,
    );
  } catch (error) {
    // Posted already by an attempt whose answer was lost: the record is there under our rkey.
    if (
      !(error instanceof NetworkRefused) ||
      !(await recordExists(serviceUrl, session.did, post.rkey, allowPrivate))
    )
      throw error;
  }
  return { url: `https://bsky.app/profile/${session.handle}/post/${post.rkey}` };
}

async function resolveHandle(serviceUrl: string, handle: string, allowPrivate: boolean) {
  try {
    const response = await call(
      join(serviceUrl, `/xrpc/com.atproto.identity.resolveHandle?handle=${encodeURIComponent(handle)}`),
      { method: 'GET' },
      allowPrivate,
    );
    return (response.json() as { did?: string }).did;
  } catch (error) {
    if (error instanceof NetworkRefused) return undefined; // no such handle: plain text
    throw error;
  }
}

async function recordExists(serviceUrl: string, did: string, rkey: string, allowPrivate: boolean) {
  try {
    await call(
      join(
        serviceUrl,
        `/xrpc/com.atproto.repo.getRecord?repo=${encodeURIComponent(did)}&collection=app.bsky.feed.post&rkey=${rkey}`,
      ),
      { method: 'GET' },
      allowPrivate,
    );
    return true;
  } catch {
    return false;
  }
}

const TID_CHARS = '234567abcdefghijklmnopqrstuvwxyz';
/** A record key in the TID format (microseconds since 1970 and a clock id), fixed per post. */
export function tidFor(createdAt: string, postId: number): string {
  const micros = BigInt(new Date(createdAt).getTime()) * 1000n + BigInt(postId % 1000);
  let value = (micros << 10n) | BigInt(postId % 1024);
  let out = '';
  for (let i = 0; i < 13; i++) {
    out = TID_CHARS[Number(value & 31n)] + out;
    value >>= 5n;
  }
  return out;
}
