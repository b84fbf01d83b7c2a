import { type DocumentLoader, getDocumentLoader, type RemoteDocument, signRequest } from '@fedify/fedify';
import type { AppContext } from '../../context.js';
import { outboundRequest } from '../../lib/outbound.js';
import type { CryptoKey } from './fediverse.keys.js';

/**
 * Every call the Fediverse part makes goes through `lib/outbound.ts` (public addresses only unless
 * KANTINE_OUTBOUND_ALLOW_PRIVATE, no redirects, a time limit): fetching remote actors and keys
 * (Fedify's document loaders are replaced by these) and delivering activities, signed with
 * Fedify's HTTP Signatures.
 */

const TIMEOUT_MS = 10_000;
const ACCEPT =
  'application/activity+json, application/ld+json; profile="https://www.w3.org/ns/activitystreams", application/json;q=0.5';
export const USER_AGENT = 'Kantine (ActivityPub; Fedify)';

/** JSON-LD contexts Fedify ships with: answered from memory, never fetched. */
const PRELOADED = new Set([
  'https://www.w3.org/ns/activitystreams',
  'https://w3id.org/security/v1',
  'https://w3id.org/security/data-integrity/v1',
  'https://www.w3.org/ns/did/v1',
  'https://w3id.org/security/multikey/v1',
  'https://w3id.org/identity/v1',
  'https://purl.archive.org/socialweb/webfinger',
  'http://schema.org/',
  'https://gotosocial.org/ns',
]);
const preloaded = getDocumentLoader();

async function fetchDocument(
  ctx: AppContext,
  url: string,
  headers: Record<string, string>,
): Promise<RemoteDocument> {
  const response = await outboundRequest(url, {
    method: 'GET',
    headers: { accept: ACCEPT, 'user-agent': USER_AGENT, ...headers },
    timeoutMs: TIMEOUT_MS,
    allowPrivate: ctx.config.outboundAllowPrivate,
  });
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
  return { contextUrl: null, document: JSON.parse(response.body), documentUrl: url };
}

export function documentLoader(ctx: AppContext): DocumentLoader {
  return (url) => (PRELOADED.has(url) ? preloaded(url) : fetchDocument(ctx, url, {}));
}

/** Fetches signed by the newsroom actor: servers in "secure mode" answer only signed requests. */
export function authenticatedLoader(
  ctx: AppContext,
  identity: { keyId: URL; privateKey: CryptoKey },
): DocumentLoader {
  return async (url) => {
    if (PRELOADED.has(url)) return preloaded(url);
    const signed = await signRequest(
      new Request(url, { headers: { accept: ACCEPT, 'user-agent': USER_AGENT } }),
      identity.privateKey,
      identity.keyId,
    );
    return fetchDocument(ctx, url, Object.fromEntries(signed.headers));
  };
}

/** An inbox that answered with a client error other than 408/429: sending again would not help. */
export class DeliveryRefused extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** POSTs an activity to an inbox, signed; anything but a 2xx throws (the outbox retries). */
export async function deliver(
  ctx: AppContext,
  inbox: string,
  activity: unknown,
  identity: { keyId: URL; privateKey: CryptoKey },
): Promise<void> {
  const body = JSON.stringify(activity);
  const signed = await signRequest(
    new Request(inbox, {
      method: 'POST',
      headers: { 'content-type': 'application/activity+json', accept: ACCEPT, 'user-agent': USER_AGENT },
      body,
    }),
    identity.privateKey,
    identity.keyId,
  );
  const response = await outboundRequest(inbox, {
    method: 'POST',
    headers: Object.fromEntries(signed.headers),
    body,
    timeoutMs: TIMEOUT_MS,
    allowPrivate: ctx.config.outboundAllowPrivate,
  });
  if (response.status >= 200 && response.status <= 299) return;
  const message = `${inbox} answered ${response.status}: ${response.body.slice(0, 200)}`;
  if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429)
    throw new DeliveryRefused(message, response.status);
  throw new Error(message);
}
