import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { fail } from '../../http/errors.js';

/**
 * Outgoing calls to addresses an admin types in (the OIDC issuer) must not reach into the server's
 * own network: loopback, private, link-local and similar ranges are refused unless
 * KANTINE_OUTBOUND_ALLOW_PRIVATE is set (tests, labs). Plain http is refused the same way.
 */
const internal = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  internal.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  internal.addSubnet(network, prefix, 'ipv6');

export function isInternalAddress(address: string): boolean {
  // IPv4-mapped IPv6 (::ffff:10.0.0.1) is judged as the IPv4 address it carries.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return isInternalAddress(mapped[1]);
  const family = isIP(address);
  if (family === 0) return true;
  return internal.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

const refused = (url: string, why: string) =>
  fail.badRequest('outbound_refused', `Kantine does not connect to ${url}: ${why}.`);

/** Throws `outbound_refused` unless the URL may be called from this server. */
export async function checkOutboundUrl(url: URL, allowPrivate: boolean): Promise<void> {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw refused(url.href, 'only https is allowed');
  if (allowPrivate) return;
  if (url.protocol !== 'https:') throw refused(url.href, 'only https is allowed');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((entry) => entry.address);
  } catch {
    throw refused(url.href, 'the host name cannot be resolved');
  }
  if (addresses.length === 0 || addresses.some(isInternalAddress))
    throw refused(url.href, 'it points to a private or local network address');
}

/** A fetch that checks every address before calling it (discovery, keys, tokens, user info). */
export function guardedFetch(allowPrivate: boolean) {
  return async (input: string, init: RequestInit): Promise<Response> => {
    await checkOutboundUrl(new URL(input), allowPrivate);
    return fetch(input, { ...init, redirect: 'manual', signal: init.signal ?? AbortSignal.timeout(10_000) });
  };
}
