import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Every outgoing call Kantine makes (webhooks now; Mastodon, Bluesky, ActivityPub later) goes
 * through here: only http(s), never to loopback, private, link-local or otherwise special networks
 * (protection against server-side request forgery) unless KANTINE_OUTBOUND_ALLOW_PRIVATE is set,
 * and never following redirects. The address is checked in the connection's own DNS lookup, so a
 * name that resolves differently a second time (DNS rebinding) cannot slip past the check.
 */
export class OutboundRefused extends Error {}

/** True for addresses on the public internet (ipaddr.js range 'unicast'). */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === 'unicast';
}

/** Checks a URL's form before it is stored (a webhook's URL); the addresses are checked on every call. */
export function checkOutboundUrl(raw: string, allowPrivate: boolean): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new OutboundRefused('not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new OutboundRefused('only http and https');
  if (url.username || url.password) throw new OutboundRefused('no credentials in the URL');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivate && ipaddr.isValid(host) && !isPublicAddress(host))
    throw new OutboundRefused(`${host} is not a public address`);
  if (!allowPrivate && (host === 'localhost' || host.endsWith('.localhost')))
    throw new OutboundRefused(`${host} is not a public address`);
  return url;
}

function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 4);
      const list = addresses as dns.LookupAddress[];
      const refused = allowPrivate ? undefined : list.find((entry) => !isPublicAddress(entry.address));
      if (refused || list.length === 0) {
        return callback(
          new OutboundRefused(
            `${hostname} resolves to ${refused?.address ?? 'nothing'}, not a public address`,
          ),
          '',
          4,
        );
      }
      if ((options as { all?: boolean }).all)
        return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      return callback(null, list[0].address, list[0].family);
    });
  };
}

export interface OutboundResponse {
  status: number;
  body: string;
  /** The answer's bytes, up to `maxBytes`; `complete` is false when it was longer. */
  bytes: Buffer;
  complete: boolean;
  contentType: string;
}

/** One request, no redirects followed (a 3xx is just an answer), with a time limit; the answer body is capped. */
export function outboundRequest(
  raw: string,
  options: {
    method: string;
    headers: Record<string, string>;
    body?: string | Buffer;
    timeoutMs: number;
    allowPrivate: boolean;
    /** How much of the answer to keep (default 64 KiB). */
    maxBytes?: number;
  },
): Promise<OutboundResponse> {
  const maxBytes = options.maxBytes ?? 64 * 1024;
  const url = checkOutboundUrl(raw, options.allowPrivate);
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(
      url,
      {
        method: options.method,
        headers: options.headers,
        lookup: guardedLookup(options.allowPrivate),
        timeout: options.timeoutMs,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= maxBytes) chunks.push(chunk);
          else response.destroy();
        });
        const finish = () => {
          const bytes = Buffer.concat(chunks);
          resolve({
            status: response.statusCode ?? 0,
            body: bytes.toString('utf8'),
            bytes,
            complete: size <= maxBytes,
            contentType: String(response.headers['content-type'] ?? ''),
          });
        };
        response.on('end', finish);
        response.on('close', finish);
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    request.on('error', reject);
    request.end(options.body);
  });
}
