import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessRules } from '../../src/server/http/access.js';
import { securityHeaders } from '../../src/server/http/security-headers.js';
import { createMember, setUpOrganisation, startTestApp, type TestApp } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';

describe('HTTP rules', () => {
  let test: TestApp;
  let admin: TestClient;
  beforeAll(async () => {
    test = await startTestApp();
    ({ admin } = await setUpOrganisation(test));
  });
  afterAll(() => test.close());

  it('every registered route declares an access rule', () => {
    const routes = test.app.registeredRoutes;
    expect(routes.length).toBeGreaterThan(25);
    const undeclared = routes.filter((route) => !route.access || !accessRules.includes(route.access));
    expect(undeclared).toEqual([]);
    const publicRoutes = routes
      .filter((r) => r.access === 'public' && r.url.startsWith('/api/v1/') && r.method !== 'HEAD')
      .map((r) => `${r.method} ${r.url}`);
    expect(publicRoutes.sort()).toEqual(
      [
        'DELETE /api/v1/session',
        'GET /api/v1/invitations/:token',
        'GET /api/v1/openapi.json',
        'GET /api/v1/organisation',
        'GET /api/v1/organisation/logo',
        'GET /api/v1/setup',
        'POST /api/v1/invitations/:token/accept',
        'POST /api/v1/password-reset',
        'POST /api/v1/password-reset/confirm',
        'POST /api/v1/session',
        'POST /api/v1/setup',
        'GET /api/v1/auth/providers',
        'POST /api/v1/auth/logout',
        'POST /api/v1/access-codes/redeem',
        'POST /api/v1/session/second-factor',
        'POST /api/v1/session/passkey/options',
        'POST /api/v1/session/passkey',
      ].sort(),
    );
  });

  it('refuses a route without an access rule at registration', async () => {
    const Fastify = (await import('fastify')).default;
    const { registerAccess } = await import('../../src/server/http/access.js');
    const app = Fastify();
    registerAccess(app, test.app.kantine);
    expect(() => app.get('/api/v1/forgotten', async () => 'oops')).toThrow(/declares no access rule/);
    await app.close();
  });

  it('requires a login for everything but the public routes', async () => {
    const anonymous = test.client();
    for (const path of [
      '/api/v1/me',
      '/api/v1/users',
      '/api/v1/users/1',
      '/api/v1/tokens',
      '/api/v1/invitations',
    ]) {
      const response = await anonymous.get(path);
      expect(response.status, path).toBe(401);
      expect(response.body.error.code).toBe('unauthorized');
    }
  });

  it('refuses cookie-authenticated writes from another origin (CSRF), but not bearer requests', async () => {
    const member = await createMember(test, admin);
    member.client.origin = 'https://evil.example';
    const evil = await member.client.patch('/api/v1/me', { title: 'pwned' });
    expect(evil.status).toBe(403);
    expect(evil.body.error.code).toBe('csrf');
    member.client.origin = null;
    expect((await member.client.patch('/api/v1/me', { title: 'pwned' })).status).toBe(403);
    const viaReferer = await member.client.request('PATCH', '/api/v1/me', {
      json: { title: 'fine' },
      headers: { referer: `${test.baseUrl}/people` },
    });
    expect(viaReferer.status).toBe(200);
    member.client.origin = test.baseUrl;
    expect((await member.client.get('/api/v1/me')).body.title).toBe('fine');
  });

  it('answers unknown API paths and bad ids with the one error shape', async () => {
    const missing = await admin.get('/api/v1/nothing-here');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({
      error: { code: 'not_found', message: expect.any(String), requestId: expect.any(String) },
    });
    const badId = await admin.get('/api/v1/users/abc');
    expect(badId.status).toBe(400);
    expect(badId.body.error.code).toBe('validation_failed');
    const unknownField = await admin.patch('/api/v1/me', { title: 'x', isAdmin: true });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.error.details).toBeDefined();
  });

  it('serves the OpenAPI 3.1 document and the docs UI without a CDN', async () => {
    const doc = await test.client().get('/api/v1/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe('3.1.0');
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/session',
        '/api/v1/users',
        '/api/v1/invitations',
        '/api/v1/tokens/{id}',
      ]),
    );
    const ui = await test.client().get('/api/docs/');
    expect(ui.status).toBe(200);
    expect(ui.body).not.toMatch(/https?:\/\/(unpkg|cdn|cdnjs|jsdelivr)/);
  });

  it('sends security headers', async () => {
    const response = await test.client().get('/api/health');
    expect(response.headers.get('content-security-policy')).toBe(
      "default-src 'self';base-uri 'self';font-src 'self';form-action 'self';frame-ancestors 'none';img-src 'self' data: blob:;object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' 'unsafe-inline';connect-src 'self'",
    );
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    // Every answer carries all of them: a route, a refusal, an unknown path.
    for (const url of ['/api/health', '/api/v1/feed', '/api/v1/nothing-here']) {
      const answer = await test.client().get(url);
      for (const [name, value] of Object.entries(securityHeaders))
        expect(answer.headers.get(name), `${url} ${name}`).toBe(value);
    }
  });
});
