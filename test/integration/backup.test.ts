import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUpOrganisation, startTestApp, type TestApp } from '../helpers/app.js';
import { post } from '../helpers/stream.js';

const run = promisify(execFile);

/** The admin CLI as an operator runs it against a data directory (backup and restore are SQLite features). */
async function kantine(dataDir: string, ...args: string[]) {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', 'src/server/cli.ts', ...args],
      {
        env: { ...process.env, KANTINE_DATA_DIR: dataDir, DATABASE_URL: '', KANTINE_LOG_LEVEL: 'warn' },
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** Kantine on an SQLite database inside its data directory, whichever database the suite runs on. */
async function startOnSqlite(dataDir?: string) {
  return startTestApp({
    ...(dataDir && { env: { KANTINE_DATA_DIR: dataDir } }),
    databaseTarget: () => ({ kind: 'sqlite', file: path.join(dataDir ?? '', 'kantine.db') }),
  });
}

describe('kantine backup and restore', () => {
  let test: TestApp;
  let dataDir: string;
  beforeAll(async () => {
    const probe = await startTestApp({ mail: false });
    dataDir = probe.database.dataDir;
    await probe.app.close();
    test = await startOnSqlite(dataDir);
  });
  afterAll(async () => {
    await test?.app.close();
    await test?.mailbox.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('finishes a backup under a steady write load, with a consistent snapshot', async () => {
    await setUpOrganisation(test);
    const writer = new SqliteDatabase(path.join(dataDir, 'kantine.db'));
    writer.pragma('journal_mode = WAL');
    writer.pragma('busy_timeout = 5000');
    const insert = writer.prepare('insert into health_probes (node_id, checked_at) values (?, ?)');
    let writes = 0;
    // Several hundred separate write transactions per second from another connection.
    const timer = setInterval(() => {
      for (let i = 0; i < 10; i++) insert.run(`load-${writes++}`, new Date().toISOString());
    }, 2);
    const started = Date.now();
    const writesBefore = writes;
    const backupFile = path.join(dataDir, 'under-load.db');
    const result = await kantine(dataDir, 'backup', backupFile);
    const seconds = (Date.now() - started) / 1000;
    clearInterval(timer);
    writer.close();
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/snapshot written/);
    const rate = (writes - writesBefore) / seconds;
    // The load: ≥ 270 separate write transactions per second, during which the old online
    // backup never finished. Finishing is the exit code above (the test's own timeout bounds it).
    expect(rate).toBeGreaterThan(270);
    const copy = new SqliteDatabase(backupFile, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    const { n } = copy
      .prepare("select count(*) as n from health_probes where node_id like 'load-%'")
      .get() as {
      n: number;
    };
    copy.close();
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThanOrEqual(writes);
    expect(fs.readdirSync(dataDir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  }, 120_000);

  it('round-trips database and uploads through one archive', async () => {
    const { admin } = await setUpOrganisation(test).catch(async () => {
      // Set up by the first test already: log in again.
      const client = test.client();
      await client.post('/api/v1/session', { email: 'admin@example.com', password: 'correct horse battery' });
      return { admin: client };
    });
    const spaceId = (await admin.get('/api/v1/spaces?mine=true')).body.items[0].id;
    const form = new FormData();
    form.append(
      'file',
      new Blob([Buffer.from('Protokoll der Sitzung\n')], { type: 'text/plain' }),
      'protokoll.txt',
    );
    const uploaded = await admin.request('POST', '/api/v1/uploads', { form });
    expect(uploaded.status).toBe(201);
    const kept = await post(admin, spaceId, 'Vor dem Backup', [uploaded.body.id]);

    const archive = path.join(dataDir, 'komplett.tar.gz');
    const backup = await kantine(dataDir, 'backup', '--with-files', archive);
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toMatch(/Files: adding \d+ uploaded files/);
    expect(backup.stdout).toContain('Archive written');
    expect((await kantine(dataDir, 'backup', '--with-files', archive)).code).toBe(1);

    // Things change after the backup, then the node stops and is restored.
    await post(admin, spaceId, 'Nach dem Backup');
    await test.app.close();
    fs.rmSync(path.join(dataDir, 'files'), { recursive: true, force: true });
    fs.mkdirSync(path.join(dataDir, 'files'));
    fs.writeFileSync(path.join(dataDir, 'files', 'fremd.txt'), 'gehört nicht zum Backup');
    fs.rmSync(path.join(dataDir, 'kantine.pid'), { force: true });
    const restore = await kantine(dataDir, 'restore', archive);
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stdout).toContain('Uploaded files restored');
    expect(fs.existsSync(path.join(dataDir, 'files', 'fremd.txt'))).toBe(false);

    test = await startOnSqlite(dataDir);
    const again = test.client();
    await again.post('/api/v1/session', { email: 'admin@example.com', password: 'correct horse battery' });
    const feed = await again.get(`/api/v1/spaces/${spaceId}/feed`);
    expect(feed.body.items.map((item: { body: string }) => item.body)).toEqual(['Vor dem Backup']);
    const file = await again.get(`/api/v1/files/${uploaded.body.id}/download`);
    expect(file.status).toBe(200);
    expect(String(file.body)).toBe('Protokoll der Sitzung\n');
    expect(feed.body.items[0].id).toBe(kept.id);
  }, 180_000);

  it('refuses an archive that is not a Kantine backup', async () => {
    const bogus = path.join(dataDir, 'bogus.tar.gz');
    const { create } = await import('tar');
    fs.writeFileSync(path.join(dataDir, 'readme.txt'), 'hallo');
    await create({ gzip: true, file: bogus, cwd: dataDir }, ['readme.txt']);
    const result = await kantine(dataDir, 'restore', bogus, '--force');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('not a Kantine backup archive');
  }, 60_000);
});
