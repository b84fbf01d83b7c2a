import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { findOrganisation } from '../modules/organisation/organisation.repo.js';

/**
 * Where absolute links (mails, invitations, newsroom canonical/og:url, feeds, sitemap) point. Never
 * the Host header of the request at hand — anyone can send any Host. `KANTINE_PUBLIC_URL` wins;
 * otherwise the address the administrator used at setup (stored then, changeable in the settings).
 */
export async function publicBaseUrl(ctx: AppContext): Promise<string> {
  if (ctx.config.publicUrl) return ctx.config.publicUrl;
  return linkBaseOf(ctx, await findOrganisation(ctx.database.db));
}

/** The same, for callers that have the organisation row at hand already. */
export function linkBaseOf(ctx: AppContext, organisation: { public_url: string | null } | undefined): string {
  return ctx.config.publicUrl ?? organisation?.public_url ?? fallbackBaseUrl(ctx);
}

/** Before setup, or on an installation upgraded from before the address was stored. */
export const fallbackBaseUrl = (ctx: AppContext) => `http://localhost:${ctx.config.port}`;

/** Which address links use and why, for the log at start. */
export async function describeLinkBase(ctx: AppContext): Promise<string> {
  if (ctx.config.publicUrl) return `links use ${ctx.config.publicUrl} (KANTINE_PUBLIC_URL)`;
  const organisation = await findOrganisation(ctx.database.db);
  if (organisation?.public_url)
    return `links use ${organisation.public_url} (the address used at setup; change it under Administration or set KANTINE_PUBLIC_URL)`;
  return `links use ${fallbackBaseUrl(ctx)}: no address is known yet (set KANTINE_PUBLIC_URL or the address under Administration)`;
}

/** `https://host[:port]` with nothing after it, or undefined for anything that is not an http(s) URL. */
export function normaliseBaseUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    return undefined;
  }
}

/**
 * The address the administrator's browser used for setup: its Origin header (set by the browser,
 * not by page script), else the Host it connected to. Setup is the one moment this is trusted —
 * whoever sets up the installation owns it.
 */
export function setupBaseUrl(request: FastifyRequest): string {
  return normaliseBaseUrl(request.headers.origin) ?? `${request.protocol}://${request.host}`;
}
