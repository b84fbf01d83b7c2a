import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';

let test: TestApp;
beforeAll(async () => {
  test = await startTestApp();
});
afterAll(async () => test?.close());

describe('validation errors say what is wrong per field', () => {
  it('names the kind of problem and its limit, so the web can word it', async () => {
    const response = await test.client().post('/api/v1/setup', {
      organisationName: 'x'.repeat(101),
      name: '',
      email: 'keine-adresse',
      password: 'kurz',
    });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('validation_failed');
    const byPath = Object.fromEntries(
      (response.body.error.details as Array<{ path: string; kind: string; limit?: number }>).map((d) => [
        d.path,
        { kind: d.kind, limit: d.limit },
      ]),
    );
    expect(byPath.organisationName).toEqual({ kind: 'too_long', limit: 100 });
    expect(byPath.name).toEqual({ kind: 'required', limit: undefined });
    expect(byPath.email).toEqual({ kind: 'invalid_email', limit: undefined });
    expect(byPath.password).toEqual({ kind: 'too_short', limit: 10 });
  });

  it('a missing field is "required"', async () => {
    const response = await test.client().post('/api/v1/setup', { name: 'Ada' });
    expect(response.status).toBe(400);
    const kinds = (response.body.error.details as Array<{ path: string; kind: string }>).map((d) => d.kind);
    expect(kinds).toContain('required');
    expect(new Set(kinds)).toEqual(new Set(['required']));
  });
});
