import 'dotenv/config';
import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Command } from 'commander';
import type { unpackArchive } from './backup.js';
import {
  createAdmin,
  importPeopleFromFile,
  ldapSync,
  rebuildSearchIndex,
  runDemo,
  withContext,
} from './cli-tasks.js';
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

program
  .command('import-people')
  .description(
    'import people from a CSV file (name, email, personnel_number, title, department, location, phone, manager_email)',
  )
  .argument('<file>', 'the CSV file; the first line names the columns')
  .option('--dry-run', 'only show what would change')
  .option('--skip-bad-lines', 'import the good lines even when some are wrong')
  .action(
    withConfig(async (config, file: string, options: { dryRun?: boolean; skipBadLines?: boolean }) => {
      const result = await importPeopleFromFile(config, fs.readFileSync(path.resolve(file)), {
        dryRun: !!options.dryRun,
        skipBadLines: !!options.skipBadLines,
      });
      for (const line of result.lines.filter((entry) => !entry.ok))
        console.log(`line ${line.line}: ${line.error}`);
      const verb = result.written ? '' : 'would be ';
      console.log(`${result.created} people ${verb}created, ${result.updated} ${verb}updated.`);
      if (!result.written && !options.dryRun)
        throw new CliError('Nothing was imported: fix the lines above or pass --skip-bad-lines.');
    }),
  );

program
  .command('ldap-sync')
  .description('synchronise people from LDAP / Active Directory now (settings from the admin page)')
  .option('--dry-run', 'only show what would change')
  .action(
    withConfig(async (config, options: { dryRun?: boolean }) => {
      const result = await ldapSync(config, !!options.dryRun);
      for (const change of result.changes)
        console.log(
          `${change.action} ${change.username} (${change.name})${change.fields.length ? `: ${change.fields.join(', ')}` : ''}`,
        );
      for (const error of result.errors) console.log(`error ${error.dn}: ${error.message}`);
      const verb = result.dryRun ? 'would be ' : '';
      console.log(
        `${result.created} people ${verb}created, ${result.updated} ${verb}updated, ${result.reactivated} ${verb}reactivated, ${result.deactivated} ${verb}deactivated, ${result.errors.length} errors.`,
      );
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
  .description(
    'write a consistent copy of the SQLite database to FILE (safe while Kantine runs); with --with-files one archive with the uploads too',
  )
  .argument('<file>', 'where to write the backup')
  .option('--with-files', 'write one archive (.tar.gz): database, uploads (or a manifest of the S3 keys)')
  .action(
    withConfig(async (config, file: string, options: { withFiles?: boolean }) => {
      const { BackupError, backupArchive, backupDatabase } = await import('./backup.js');
      const source = sqliteFileOf(config);
      const target = path.resolve(file);
      try {
        if (options.withFiles) {
          await backupArchive(config, source, target, console.log);
          console.log(`Restore it with: kantine restore ${target}`);
        } else {
          await backupDatabase(source, target, console.log);
          console.log(
            `Backup written to ${target}. Uploaded files live in ${path.join(config.dataDir, 'files')}; copy that folder too, or use --with-files.`,
          );
        }
      } catch (error) {
        if (error instanceof BackupError) throw new CliError(error.message);
        throw error;
      }
    }),
  );

program
  .command('restore')
  .description(
    'replace the SQLite database (and, from an archive, the uploads) with a backup FILE (stop Kantine first)',
  )
  .argument('<file>', 'a file written by kantine backup (with or without --with-files)')
  .option('--force', 'overwrite even though Kantine seems to be running')
  .action(
    withConfig(async (config, file: string, options: { force?: boolean }) => {
      const { BackupError, isArchive, replaceFiles, unpackArchive } = await import('./backup.js');
      const target = sqliteFileOf(config);
      const source = path.resolve(file);
      if (!fs.existsSync(source)) throw new CliError(`No backup at ${source}.`);
      const archive = isArchive(source);
      if (!archive) assertKantineBackup(source);
      const runningPid = runningInstancePid(config.dataDir);
      if (runningPid && !options.force) {
        throw new CliError(
          `Kantine is running (pid ${runningPid}) on ${target}. Stop it first, or pass --force to overwrite anyway.`,
        );
      }
      let unpacked: Awaited<ReturnType<typeof unpackArchive>> | undefined;
      try {
        if (archive) {
          unpacked = await unpackArchive(source, config.dataDir).catch((error: unknown) => {
            throw error instanceof BackupError ? new CliError(error.message) : error;
          });
          assertKantineBackup(unpacked.database);
        }
        replaceDatabase(unpacked?.database ?? source, target);
        if (unpacked?.manifest.files === 'local') {
          replaceFiles(unpacked.files, config.dataDir);
          console.log(`Uploaded files restored to ${path.join(config.dataDir, 'files')}.`);
        } else if (unpacked?.manifest.s3) {
          const { bucket, keys } = unpacked.manifest.s3;
          console.log(
            `Uploads stay in the S3 bucket ${bucket}; the backup refers to ${keys.length} keys there.`,
          );
        }
      } finally {
        if (unpacked) fs.rmSync(unpacked.work, { recursive: true, force: true });
      }
      console.log(
        `Database restored from ${source}. Start Kantine again; it migrates the schema if the backup is older.`,
      );
    }),
  );

/** Moves a backup's database into place through a temporary copy, so a failed copy leaves the old one. */
function replaceDatabase(source: string, target: string) {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const temporary = `${target}.restore-${process.pid}`;
  try {
    fs.copyFileSync(source, temporary);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
  for (const suffix of ['-wal', '-shm']) fs.rmSync(`${target}${suffix}`, { force: true });
  fs.renameSync(temporary, target);
}

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
