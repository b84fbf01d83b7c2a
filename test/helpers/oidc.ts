import type { AddressInfo } from 'node:net';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';

export interface TestAccount {
  sub: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
  department?: string;
  title?: string;
  groups?: string[];
  picture?: string;
}

export const OIDC_CLIENT = { id: 'kantine', secret: 'a client secret that is long enough to be used' };

/**
 * A real OpenID Connect provider (node-oidc-provider) on a free local port. Its development login
 * form accepts any account id with any password; accounts come from `accounts` (changeable later).
 */
export async function startOidcProvider(kantineBaseUrl: string, accounts: Map<string, TestAccount>) {
  const { createServer } = await import('node:http');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: OIDC_CLIENT.id,
        client_secret: OIDC_CLIENT.secret,
        redirect_uris: [`${kantineBaseUrl}/auth/oidc/callback`],
        post_logout_redirect_uris: [`${kantineBaseUrl}/login`],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    scopes: ['openid', 'email', 'profile', 'groups'],
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'department', 'title', 'picture'],
      groups: ['groups'],
    },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    async findAccount(_ctx: KoaContextWithOIDC, id: string) {
      const account = accounts.get(id);
      if (!account) return undefined;
      return { accountId: id, claims: async () => ({ ...account }) };
    },
    // A first-party client: no consent screen, as companies configure their own intranet.
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const clientId = ctx.oidc.client!.clientId;
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session!.grantIdFor(clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId, accountId: ctx.oidc.session!.accountId! });
      grant.addOIDCScope('openid email profile groups');
      await grant.save();
      return grant;
    },
  });
  provider.on('server_error', (_ctx, error) => console.error('oidc-provider error', error));
  server.on('request', provider.callback());
  return {
    issuer,
    provider,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A cookie jar per host:port, so one "browser" can talk to Kantine and the provider. */
export class Browser {
  private jars = new Map<string, Map<string, string>>();

  async fetch(
    url: string,
    init: { method?: string; body?: URLSearchParams; headers?: Record<string, string> } = {},
  ) {
    const target = new URL(url);
    const jar = this.jars.get(target.host) ?? new Map<string, string>();
    this.jars.set(target.host, jar);
    const headers: Record<string, string> = { ...init.headers };
    if (jar.size > 0) headers.cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(url, {
      method: init.method ?? 'GET',
      headers,
      body: init.body,
      redirect: 'manual',
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index);
      const value = pair.slice(index + 1);
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) jar.delete(name);
      else jar.set(name, value);
    }
    return response;
  }

  cookie(host: string, name: string) {
    return this.jars.get(host)?.get(name);
  }

  /** Follows redirects (resolving relative ones), returns the last response and its URL. */
  async follow(url: string, stopAt?: (url: URL) => boolean) {
    let current = url;
    for (let hop = 0; hop < 20; hop++) {
      if (stopAt?.(new URL(current))) return { url: current, response: undefined };
      const response = await this.fetch(current);
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) return { url: current, response };
      await response.arrayBuffer();
      current = new URL(location, current).href;
    }
    throw new Error('too many redirects');
  }

  /** Runs the whole single sign-on: Kantine → provider login form → back to Kantine. */
  async ssoLogin(kantineBaseUrl: string, login: string, returnTo = '/') {
    const start = `${kantineBaseUrl}/auth/oidc/login?returnTo=${encodeURIComponent(returnTo)}`;
    const atLoginForm = await this.follow(start);
    const formUrl = new URL(atLoginForm.url);
    if (!formUrl.pathname.startsWith('/interaction/')) return atLoginForm;
    await atLoginForm.response?.text();
    const posted = await this.fetch(atLoginForm.url, {
      method: 'POST',
      body: new URLSearchParams({ prompt: 'login', login, password: 'any password' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    const next = posted.headers.get('location');
    if (!next) throw new Error(`provider login failed: ${posted.status} ${await posted.text()}`);
    return this.follow(new URL(next, atLoginForm.url).href);
  }
}
