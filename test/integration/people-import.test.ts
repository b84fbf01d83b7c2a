import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, setUpOrganisation, startTestApp, type TestApp } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';

const run = promisify(execFile);

describe('importing people from CSV', () => {
  let test: TestApp;
  let admin: TestClient;
  beforeAll(async () => {
    test = await startTestApp();
    ({ admin } = await setUpOrganisation(test));
  });
  afterAll(() => test.close());

  function upload(client: TestClient, csv: string, query = '') {
    const form = new FormData();
    form.append('file', new Blob([csv], { type: 'text/csv' }), 'people.csv');
    return client.request('POST', `/api/v1/admin/people/import${query}`, { form });
  }

  const csv = [
    'name;email;personnel_number;title;department;location;phone;manager_email',
    'Berta Boss;berta@example.com;100;Werksleiterin;Produktion;Werk 1;+49 30 1234;',
    'Carl Crew;;101;Schlosser;Produktion;Werk 1;;berta@example.com',
    'Dora Dock;dora@example.com;102;Staplerfahrerin;Lager;Werk 2;;berta@example.com',
  ].join('\n');

  it('previews, writes nothing when a line is wrong, and imports with managers', async () => {
    const member = await createMember(test, admin);
    expect((await upload(member.client, csv)).status).toBe(403);

    const preview = await upload(admin, csv, '?dryRun=true');
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ created: 3, updated: 0, written: false });
    expect(preview.body.lines).toEqual([
      { line: 2, ok: true, action: 'create' },
      { line: 3, ok: true, action: 'create' },
      { line: 4, ok: true, action: 'create' },
    ]);
    expect((await admin.get('/api/v1/users?q=Berta')).body.items).toHaveLength(0);

    const withBadLine = `${csv}\nEvil Eve;not-an-address;;;;;;\nNobody;;;;;;;ghost@example.com`;
    const refused = await upload(admin, withBadLine);
    expect(refused.body.written).toBe(false);
    expect(refused.body.lines[3]).toMatchObject({
      line: 5,
      ok: false,
      error: expect.stringContaining('email'),
    });
    expect(refused.body.lines[4]).toMatchObject({
      line: 6,
      ok: false,
      error: expect.stringContaining('manager_email'),
    });
    expect((await admin.get('/api/v1/users?q=Berta')).body.items).toHaveLength(0);

    const imported = await upload(admin, withBadLine, '?skipBadLines=true');
    expect(imported.body).toMatchObject({ created: 3, updated: 0, written: true });
    const carl = (await admin.get('/api/v1/users?q=Carl')).body.items[0];
    const profile = await admin.get(`/api/v1/users/${carl.id}`);
    expect(profile.body).toMatchObject({
      name: 'Carl Crew',
      email: '',
      title: 'Schlosser',
      manager: { name: 'Berta Boss' },
    });
    // Carl has no e-mail: he logs in with personnel number 101 after an access code.
    const codes = await admin.post('/api/v1/admin/access-codes', { userIds: [carl.id] });
    expect(codes.status).toBe(201);

    // Matching: by e-mail, else by personnel number; the second run updates.
    const again = await upload(
      admin,
      'email,personnel_number,name,title\n,101,Carl Crew,Meister\nberta@example.com,,,Geschäftsführerin',
    );
    expect(again.body).toMatchObject({ created: 0, updated: 2, written: true });
    expect((await admin.get(`/api/v1/users/${carl.id}`)).body.title).toBe('Meister');
    expect((await upload(admin, 'name\n"unclosed')).status).toBe(400);
  });

  it('runs from the command line as kantine import-people FILE', { timeout: 180_000 }, async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kantine-import-'));
    const file = path.join(dataDir, 'people.csv');
    fs.writeFileSync(file, csv);
    const env = { ...process.env, KANTINE_DATA_DIR: dataDir, DATABASE_URL: '', KANTINE_LOG_LEVEL: 'warn' };
    const cli = (...args: string[]) =>
      run(process.execPath, ['--import', 'tsx', 'src/server/cli.ts', ...args], { env });
    try {
      await cli(
        'create-admin',
        '--email',
        'root@example.com',
        '--name',
        'Root',
        '--organisation',
        'CLI GmbH',
      );
      const dry = await cli('import-people', file, '--dry-run');
      expect(dry.stdout).toContain('3 people would be created');
      const real = await cli('import-people', file);
      expect(real.stdout).toContain('3 people created');
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
