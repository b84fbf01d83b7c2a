import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config.js';
import { personFromClaims, roleFromGroups, safeReturnTo, spacesFromGroups } from './oidc.mapping.js';
import type { OidcConfig } from './oidc.settings.js';
import { checkOutboundUrl, isInternalAddress } from './outbound.js';

const config = {
  groupsClaim: 'groups',
  departmentClaim: 'department',
  titleClaim: 'title',
  adminGroups: ['admins'],
  editorGroups: ['news'],
  spaceMappings: [{ group: 'prod', spaceId: 7 }],
} as OidcConfig;

describe('outbound addresses', () => {
  it('refuses loopback, private and plain-http issuers unless private addresses are allowed', async () => {
    for (const address of [
      '::ffff:127.0.0.1',
      '127.0.0.1',
      '10.1.2.3',
      '192.168.0.5',
      '172.20.0.1',
      '169.254.169.254',
      '::1',
      'fd00::1',
    ])
      expect(isInternalAddress(address)).toBe(true);
    expect(isInternalAddress('93.184.216.34')).toBe(false);
    await expect(checkOutboundUrl(new URL('https://127.0.0.1/issuer'), false)).rejects.toMatchObject({
      code: 'outbound_refused',
    });
    await expect(checkOutboundUrl(new URL('https://localhost/'), false)).rejects.toMatchObject({
      code: 'outbound_refused',
    });
    await expect(checkOutboundUrl(new URL('http://93.184.216.34/'), false)).rejects.toMatchObject({
      code: 'outbound_refused',
    });
    await expect(checkOutboundUrl(new URL('http://127.0.0.1:4000/'), true)).resolves.toBeUndefined();
    await expect(checkOutboundUrl(new URL('file:///etc/passwd'), true)).rejects.toMatchObject({
      code: 'outbound_refused',
    });
  });

  it('reads KANTINE_OUTBOUND_ALLOW_PRIVATE (default off) and the KANTINE_OIDC_* variables', () => {
    expect(loadConfig({}).outboundAllowPrivate).toBe(false);
    expect(loadConfig({ KANTINE_OUTBOUND_ALLOW_PRIVATE: 'true' }).outboundAllowPrivate).toBe(true);
    const oidc = loadConfig({
      KANTINE_OIDC_ISSUER: 'https://login.example.com',
      KANTINE_OIDC_CLIENT_ID: 'kantine',
      KANTINE_OIDC_ADMIN_GROUPS: 'it-admins, hr',
    }).oidc;
    expect(oidc).toMatchObject({
      issuer: 'https://login.example.com',
      clientId: 'kantine',
      adminGroups: ['it-admins', 'hr'],
    });
    expect(() => loadConfig({ KANTINE_OIDC_ISSUER: 'https://login.example.com' })).toThrow(ConfigError);
  });
});

describe('claims and group mapping', () => {
  it('takes name, verified e-mail, department and title from the claims', () => {
    const person = personFromClaims(
      {
        sub: 's1',
        given_name: 'Ana',
        family_name: 'Berg',
        email: 'Ana@X.de',
        email_verified: 'true',
        department: 'IT',
      },
      config,
    );
    expect(person).toMatchObject({
      name: 'Ana Berg',
      email: 'ana@x.de',
      emailVerified: true,
      department: 'IT',
      title: null,
      groups: null,
    });
    expect(personFromClaims({ sub: 's2', email: 'a@b.de' }, config).emailVerified).toBe(false);
  });

  it('grants only what the mapping names', () => {
    expect(roleFromGroups(null, config)).toBeNull();
    expect(roleFromGroups(['admins', 'news'], config)).toBe('admin');
    expect(roleFromGroups(['news'], config)).toBe('editor');
    expect(roleFromGroups(['other'], config)).toBe('member');
    expect(roleFromGroups(['admins'], { ...config, adminGroups: [], editorGroups: [] })).toBeNull();
    expect(spacesFromGroups(['prod', 'Geheim'], config)).toEqual([7]);
  });

  it('follows only same-origin relative return paths', () => {
    expect(safeReturnTo('/spaces/3?tab=files')).toBe('/spaces/3?tab=files');
    for (const bad of [
      '//evil.example',
      '/\\evil.example',
      'https://evil.example',
      'javascript:alert(1)',
      undefined,
    ])
      expect(safeReturnTo(bad)).toBe('/');
  });
});
