import type { OidcSettings, UpdateOidcSettingsBody } from '../../../shared/api/identity.js';
import type { AppContext } from '../../context.js';
import { fail } from '../../http/errors.js';
import { isoNow } from '../../lib/clock.js';
import { openTextOrNull, sealText } from '../../lib/secret-box.js';
import * as repo from './identity.repo.js';
import { checkOutboundUrl } from './outbound.js';

/** The effective OpenID Connect settings, with the secret (never leaves the server). */
export interface OidcConfig {
  enabled: boolean;
  issuer: string;
  clientId: string;
  clientSecret: string | null;
  buttonLabel: string;
  scopes: string;
  onlySso: boolean;
  groupsClaim: string;
  departmentClaim: string;
  titleClaim: string;
  adminGroups: string[];
  editorGroups: string[];
  spaceMappings: { group: string; spaceId: number }[];
  source: OidcSettings['source'];
}

const defaults = {
  buttonLabel: 'Single Sign-On',
  scopes: 'openid email profile',
  groupsClaim: 'groups',
  departmentClaim: 'department',
  titleClaim: 'title',
};

type StoredSettings = Omit<UpdateOidcSettingsBody, 'clientSecret'>;

/** Settings saved in the admin UI win over KANTINE_OIDC_* variables, which win over nothing. */
export async function loadOidcConfig(ctx: AppContext): Promise<OidcConfig> {
  const row = await repo.findSettings(ctx.database.db, 'oidc');
  if (row) {
    const stored = JSON.parse(row.settings) as StoredSettings;
    const clientSecret = openTextOrNull(ctx, row.secret, 'OIDC client secret');
    return { ...stored, clientSecret, source: 'database' };
  }
  const env = ctx.config.oidc;
  if (env) {
    return {
      enabled: true,
      issuer: env.issuer,
      clientId: env.clientId,
      clientSecret: env.clientSecret ?? null,
      buttonLabel: env.buttonLabel ?? defaults.buttonLabel,
      scopes: env.scopes ?? defaults.scopes,
      onlySso: env.onlySso,
      groupsClaim: env.groupsClaim ?? defaults.groupsClaim,
      departmentClaim: env.departmentClaim ?? defaults.departmentClaim,
      titleClaim: env.titleClaim ?? defaults.titleClaim,
      adminGroups: env.adminGroups,
      editorGroups: env.editorGroups,
      spaceMappings: [],
      source: 'environment',
    };
  }
  return {
    enabled: false,
    issuer: '',
    clientId: '',
    clientSecret: null,
    ...defaults,
    onlySso: false,
    adminGroups: [],
    editorGroups: [],
    spaceMappings: [],
    source: 'none',
  };
}

export function isOidcUsable(config: OidcConfig): boolean {
  return config.enabled && config.issuer !== '' && config.clientId !== '';
}

export function oidcRedirectUri(ctx: AppContext, origin: string): string {
  return `${ctx.config.publicUrl ?? origin}/auth/oidc/callback`;
}

export function toOidcSettings(config: OidcConfig, redirectUri: string): OidcSettings {
  const { clientSecret, ...visible } = config;
  return { ...visible, hasClientSecret: !!clientSecret, redirectUri };
}

export async function getOidcSettings(ctx: AppContext, origin: string) {
  return toOidcSettings(await loadOidcConfig(ctx), oidcRedirectUri(ctx, origin));
}

export async function updateOidcSettings(ctx: AppContext, body: UpdateOidcSettingsBody, origin: string) {
  const current = await loadOidcConfig(ctx);
  const { clientSecret, ...settings } = body;
  if (settings.enabled) {
    if (!settings.issuer || !settings.clientId)
      throw fail.badRequest(
        'oidc_incomplete',
        'Issuer URL and client ID are needed to turn single sign-on on.',
      );
  }
  if (settings.issuer) {
    let issuer: URL;
    try {
      issuer = new URL(settings.issuer);
    } catch {
      throw fail.badRequest('validation_failed', 'The issuer must be a URL like https://login.example.com.');
    }
    await checkOutboundUrl(issuer, ctx.config.outboundAllowPrivate);
  }
  const secret = clientSecret === undefined ? current.clientSecret : clientSecret || null;
  await repo.saveSettings(
    ctx.database.db,
    'oidc',
    JSON.stringify(settings),
    secret === null ? null : sealText(ctx, secret),
    isoNow(ctx.clock),
  );
  forgetDiscovery(ctx);
  return getOidcSettings(ctx, origin);
}

const discoveryCaches = new WeakMap<AppContext, Map<string, unknown>>();

/** Discovered provider configurations by settings, per app; cleared whenever the settings change. */
export function discoveryCache(ctx: AppContext): Map<string, unknown> {
  let cache = discoveryCaches.get(ctx);
  if (!cache) {
    cache = new Map();
    discoveryCaches.set(ctx, cache);
  }
  return cache;
}

function forgetDiscovery(ctx: AppContext) {
  discoveryCache(ctx).clear();
}
