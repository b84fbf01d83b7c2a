import 'dotenv/config';
import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Command } from 'commander';
import { createAdmin, rebuildSearchIndex, runDemo, withContext } from './cli-tasks.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { openDatabase } from './db/database.js';
import { listOutbox, retryOutboxEvent } from './modules/outbox/outbox.service.js';
import { checkStorage } from './modules/uploads/fsck.service.js';

const program = new Command('kantine')
  .description('Kantine — the self-hosted social intranet')
  .showHelpAfterError();

function withConfig<T extends unknown[]>(action: (config: Config, ...args: T) => Promise<void>) {
  return async (...args: T) => {
    try {
      await action(loadConfig(), ...args);
    } catch (error) {
      console.error(error instanceof ConfigError || error instanceof CliError ? error.message : error);
      process.exitCode = 1;
    }
  };
}

class CliError extends Error {}

program
  .command('start')
  .description('start the server (same as npm start)')
  .action(async () => {
    await import('./main.js');
  });

program
  .command('migrate')
  .description('bring the database schema up to date')
  .action(
    withConfig(async (config) => {
      const database = openDatabase(config.database);
      try {
        await database.migrate();
        console.log('Database is up to date.');
      } finally {
        await database.close();
      }
    }),
  );

program
  .command('create-admin')
  .description('create an administrator account (and the organisation, if setup has not happened yet)')
  .requiredOption('--email <email>', 'e-mail address to log in with')
  .requiredOption('--name <name>', 'full name')
  .option('--password <password>', 'password (at least 10 characters); a random one is printed if omitted')
  .option('--organisation <name>', 'organisation name, when the installation is not set up yet')
  .action(
    withConfig(
      async (config, options: { email: string; name: string; password?: string; organisation?: string }) => {
        const { password } = await createAdmin(config, options);
        console.log(`Administrator created. Log in with ${options.email.toLowerCase()} / ${password}`);
      },
    ),
  );

program
  .command('demo')
  .description('load the demo company (Hansen Maschinenbau GmbH) and print how to log in')
  .action(
    withConfig(async (config) => {
      const result = await runDemo(config);
      console.log(`Demo company loaded: ${result.created} colleagues and ${result.posts} posts added.`);
      if (result.admin)
        console.log(`Log in as administrator: ${result.admin.email} / ${result.admin.password}`);
      console.log(
        `Every demo colleague (e.g. ${result.sampleEmail}) has the password: ${result.demoPassword}`,
      );
    }),
  );

program
  .command('reindex')
  .description('rebuild the search index (safe while Kantine runs)')
  .action(
    withConfig(async (config) => {
      const count = await rebuildSearchIndex(config);
      console.log(`Search index rebuilt: ${count} documents.`);
    }),
  );

const outbox = program.command('outbox').description('the outbox of domain events (dead letters, retries)');

outbox
  .command('list')
  .description('list outbox events, newest first (default: the failed ones)')
  .option('--state <state>', 'pending, done or failed', 'failed')
  .option('--limit <n>', 'how many', '50')
  .action(
    withConfig(async (config, options: { state: string; limit: string }) => {
      if (!['pending', 'done', 'failed'].includes(options.state))
        throw new CliError('--state must be pending, done or failed.');
      await withContext(config, async (ctx) => {
        const { items } = await listOutbox(ctx, {
          state: options.state as 'pending' | 'done' | 'failed',
          limit: Math.min(Math.max(Number(options.limit) || 50, 1), 100),
        });
        if (items.length === 0) console.log(`No ${options.state} events.`);
        for (const item of items)
          console.log(
            `${item.id}\t${item.type}\t${item.state}\tattempts ${item.attempts}\t${item.createdAt}\t${item.lastError ?? ''}`,
          );
      });
    }),
  );

outbox
  .command('retry')
  .description('put a failed event back into the queue (a running server handles it within seconds)')
  .argument('<id>', 'the event id (see kantine outbox list)')
  .action(
    withConfig(async (config, id: string) => {
      const eventId = Number(id);
      if (!Number.isSafeInteger(eventId) || eventId <= 0)
        throw new CliError('The id must be a positive number.');
      await withContext(config, async (ctx) => {
        try {
          await retryOutboxEvent(ctx, eventId);
        } catch (error) {
          throw new CliError(error instanceof Error ? error.message : String(error));
        }
      });
      console.log(`Event ${eventId} is queued again.`);
    }),
  );

program
  .command('fsck')
  .description('compare stored bytes with the database: bytes without rows, rows without bytes')
  .action(
    withConfig(async (config) => {
      const report = await withContext(config, (ctx) => checkStorage(ctx));
      console.log(`${report.known} stored keys known to the database, ${report.stored} in storage.`);
      for (const key of report.missing) console.log(`missing bytes (row without bytes): ${key}`);
      for (const key of report.orphaned) console.log(`orphaned bytes (bytes without row): ${key}`);
      if (report.missing.length === 0 && report.orphaned.length === 0)
        console.log('Storage and database agree.');
      else process.exitCode = 2;
    }),
  );

function sqliteFileOf(config: Config): string {
  if (config.database.kind !== 'sqlite') {
    throw new CliError(
      'backup and restore handle the embedded SQLite database; for PostgreSQL use pg_dump and pg_restore.',
    );
  }
  return config.database.file;
}

program
  .command('backup')
  .description('write a consistent copy of the SQLite database to FILE (safe while Kantine runs)')
  .argument('<file>', 'where to write the backup')
  .action(
    withConfig(async (config, file: string) => {
      const source = sqliteFileOf(config);
      if (!fs.existsSync(source)) throw new CliError(`No database at ${source}.`);
      const target = path.resolve(file);
      if (fs.existsSync(target)) throw new CliError(`${target} exists already; choose a new file name.`);
      const db = new SqliteDatabase(source, { readonly: true, fileMustExist: true });
      try {
        // SQLite's online backup API copies page by page while other connections keep writing.
        await db.backup(target);
      } finally {
        db.close();
      }
      console.log(
        `Backup written to ${target} (${fs.statSync(target).size} bytes). Uploaded files live in ${path.join(config.dataDir, 'files')}; copy that folder too.`,
      );
    }),
  );

program
  .command('restore')
  .description('replace the SQLite database with a backup FILE (stop Kantine first)')
  .argument('<file>', 'a file written by kantine backup')
  .option('--force', 'overwrite even though Kantine seems to be running')
  .action(
    withConfig(async (config, file: string, options: { force?: boolean }) => {
      const target = sqliteFileOf(config);
      const source = path.resolve(file);
      if (!fs.existsSync(source)) throw new CliError(`No backup at ${source}.`);
      assertKantineBackup(source);
      const runningPid = runningInstancePid(config.dataDir);
      if (runningPid && !options.force) {
        throw new CliError(
          `Kantine is running (pid ${runningPid}) on ${target}. Stop it first, or pass --force to overwrite anyway.`,
        );
      }
      fs.mkdirSync(path.dirname(target), { recursive: true });
      const temporary = `${target}.restore-${process.pid}`;
      fs.copyFileSync(source, temporary);
      for (const suffix of ['-wal', '-shm']) fs.rmSync(`${target}${suffix}`, { force: true });
      fs.renameSync(temporary, target);
      console.log(
        `Database restored from ${source}. Start Kantine again; it migrates the schema if the backup is older.`,
      );
    }),
  );

function assertKantineBackup(file: string) {
  let db: SqliteDatabase.Database | undefined;
  try {
    db = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
    db.prepare('select id from organisation limit 1').all();
  } catch {
    throw new CliError(`${file} is not a Kantine backup.`);
  } finally {
    db?.close();
  }
}

function runningInstancePid(dataDir: string): number | undefined {
  const pidFile = path.join(dataDir, 'kantine.pid');
  if (!fs.existsSync(pidFile)) return undefined;
  const pid = Number(fs.readFileSync(pidFile, 'utf8'));
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

await program.parseAsync(process.argv);
