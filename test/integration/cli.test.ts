import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);

/** The admin CLI as an operator runs it, against an SQLite data directory (backup/restore are SQLite features). */
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

describe('kantine command line', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kantine-cli-'));
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('migrates, creates an admin, loads the demo company', async () => {
    expect((await kantine(dataDir, 'migrate')).stdout).toContain('up to date');
    const withoutOrg = await kantine(
      dataDir,
      'create-admin',
      '--email',
      'it@example.com',
      '--name',
      'IT Admin',
    );
    expect(withoutOrg.code).toBe(1);
    expect(withoutOrg.stderr).toContain('--organisation');
    const created = await kantine(
      dataDir,
      'create-admin',
      '--email',
      'IT@example.com',
      '--name',
      'IT Admin',
      '--password',
      'a long password',
      '--organisation',
      'CLI GmbH',
    );
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('it@example.com / a long password');
    const demo = await kantine(dataDir, 'demo');
    expect(demo.code).toBe(0);
    expect(demo.stdout).toMatch(/Demo company loaded: \d{2} colleagues and \d{2} posts added/);
    expect(demo.stdout).toContain('kantine-demo');
    const again = await kantine(dataDir, 'demo');
    expect(again.stdout).toContain('0 colleagues and 0 posts added');
    const db = new SqliteDatabase(path.join(dataDir, 'kantine.db'), { readonly: true });
    const { n } = db.prepare("select count(*) as n from users where role = 'admin'").get() as { n: number };
    db.close();
    expect(n).toBe(1);
  });

  it('lists and retries outbox events, and checks stored bytes against the database', async () => {
    // The demo wrote its events (e.g. the must-reads going out) for the server to handle; one failed.
    const db = new SqliteDatabase(path.join(dataDir, 'kantine.db'));
    const { id } = db.prepare("select id from outbox where type = 'article.published' limit 1").get() as {
      id: number;
    };
    db.prepare("update outbox set state = 'failed', last_error = 'mail server away' where id = ?").run(id);
    const failed = await kantine(dataDir, 'outbox', 'list');
    expect(failed.code).toBe(0);
    expect(failed.stdout).toContain('mail server away');
    const retried = await kantine(dataDir, 'outbox', 'retry', String(id));
    expect(retried.stdout).toContain(`Event ${id} is queued again.`);
    expect(db.prepare('select state from outbox where id = ?').get(id)).toEqual({ state: 'pending' });
    db.close();

    fs.mkdirSync(path.join(dataDir, 'files/uploads/zz'), { recursive: true });
    fs.writeFileSync(path.join(dataDir, 'files/uploads/zz/stray'), 'nobody owns me');
    const dirty = await kantine(dataDir, 'fsck');
    expect(dirty.code).toBe(2);
    expect(dirty.stdout).toContain('orphaned bytes (bytes without row): uploads/zz/stray');
    expect(dirty.stdout).not.toContain('missing bytes');
    fs.rmSync(path.join(dataDir, 'files/uploads/zz'), { recursive: true });
  }, 180_000);

  it('backs up while the database is open, and restores only when told to overwrite a running instance', async () => {
    const live = new SqliteDatabase(path.join(dataDir, 'kantine.db'));
    live.pragma('journal_mode = WAL');
    live.prepare("update organisation set name = 'Vor dem Backup'").run();
    const backupFile = path.join(dataDir, 'backup.db');
    const backup = await kantine(dataDir, 'backup', backupFile);
    expect(backup.code).toBe(0);
    expect((await kantine(dataDir, 'backup', backupFile)).code).toBe(1);
    live.prepare("update organisation set name = 'Nach dem Backup'").run();

    fs.writeFileSync(path.join(dataDir, 'kantine.pid'), String(process.pid));
    const refused = await kantine(dataDir, 'restore', backupFile);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('is running');
    live.close();
    const forced = await kantine(dataDir, 'restore', backupFile, '--force');
    expect(forced.code).toBe(0);
    fs.rmSync(path.join(dataDir, 'kantine.pid'));

    const restored = new SqliteDatabase(path.join(dataDir, 'kantine.db'), { readonly: true });
    expect((restored.prepare('select name from organisation').get() as { name: string }).name).toBe(
      'Vor dem Backup',
    );
    restored.close();

    const junk = path.join(dataDir, 'junk.db');
    fs.writeFileSync(junk, 'not a database');
    const rejected = await kantine(dataDir, 'restore', junk);
    expect(rejected.code).toBe(1);
    expect(rejected.stderr).toContain('not a Kantine backup');
  });

  it('names the bad setting when the configuration is invalid', async () => {
    const { code, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', 'src/server/cli.ts', 'migrate'],
      {
        env: { ...process.env, KANTINE_DATA_DIR: dataDir, PORT: 'eighty' },
      },
    ).catch((error) => error);
    expect(code).toBe(1);
    expect(stderr).toContain('PORT');
  });
});
