import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import * as tar from 'tar';
import type { Config } from './config.js';

/**
 * `kantine backup` and `kantine restore` for the embedded SQLite database, optionally with the
 * uploads in one archive (a gzipped tar: `manifest.json`, `kantine.db`, `files/…`).
 *
 * The database copy is `VACUUM INTO`: one read transaction, one consistent snapshot, finished
 * however busy the server is. SQLite's online backup API copied page by page and started over
 * whenever another connection wrote, so under steady writes it never finished.
 */

export const ARCHIVE_FORMAT = 'kantine-backup';

export interface BackupManifest {
  format: typeof ARCHIVE_FORMAT;
  version: 1;
  createdAt: string;
  database: 'kantine.db';
  /** `local`: the uploads are in the archive under files/. `s3`: they stay in the bucket; `keys` lists them. */
  files: 'local' | 's3';
  s3?: { bucket: string; prefix: string; keys: string[] };
}

export class BackupError extends Error {}

type Report = (line: string) => void;

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** A consistent copy of the database at `target` (which must not exist). */
export function snapshotDatabase(source: string, target: string, report: Report) {
  if (!fs.existsSync(source)) throw new BackupError(`No database at ${source}.`);
  const started = performance.now();
  report(`Database: taking a snapshot of ${source} (${megabytes(fs.statSync(source).size)})…`);
  const db = new SqliteDatabase(source, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 30000');
    db.prepare('vacuum into ?').run(target);
  } catch (error) {
    fs.rmSync(target, { force: true });
    throw error;
  } finally {
    db.close();
  }
  report(
    `Database: snapshot written (${megabytes(fs.statSync(target).size)}) in ${((performance.now() - started) / 1000).toFixed(1)} s.`,
  );
}

/** Writes `target` through a temporary file next to it; a failed write (disk full) leaves nothing behind. */
async function writeAtomically(target: string, write: (temporary: string) => Promise<void> | void) {
  if (fs.existsSync(target)) throw new BackupError(`${target} exists already; choose a new file name.`);
  const temporary = `${target}.${process.pid}.tmp`;
  try {
    await write(temporary);
    fs.renameSync(temporary, target);
  } catch (error) {
    fs.rmSync(temporary, { recursive: true, force: true });
    throw error;
  }
}

export async function backupDatabase(source: string, target: string, report: Report) {
  await writeAtomically(target, (temporary) => snapshotDatabase(source, temporary, report));
}

/** Every storage key the database refers to (for the S3 manifest). */
function storageKeys(databaseFile: string): string[] {
  const db = new SqliteDatabase(databaseFile, { readonly: true, fileMustExist: true });
  const queries = [
    'select logo_key as key from organisation',
    'select avatar_key as key from users',
    'select avatar_key as key from spaces',
    'select storage_key as key from files',
    'select thumbnail_key as key from files',
    'select storage_key as key from file_versions',
  ];
  const keys = new Set<string>();
  try {
    for (const query of queries) {
      for (const row of db.prepare(query).all() as Array<{ key: string | null }>)
        if (row.key) keys.add(row.key);
    }
  } finally {
    db.close();
  }
  return [...keys].sort();
}

function filesIn(dir: string): { count: number; bytes: number } {
  let count = 0;
  let bytes = 0;
  if (!fs.existsSync(dir)) return { count, bytes };
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    count++;
    bytes += fs.statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return { count, bytes };
}

/** Temporary files of interrupted writes and readiness probes do not belong in a backup. */
const skipped = (entry: string) => entry.endsWith('.tmp') || entry.includes('health-probe');

export async function backupArchive(config: Config, source: string, target: string, report: Report) {
  const filesDir = path.join(config.dataDir, 'files');
  const work = fs.mkdtempSync(path.join(path.dirname(target), '.kantine-backup-'));
  try {
    snapshotDatabase(source, path.join(work, 'kantine.db'), report);
    const manifest: BackupManifest = {
      format: ARCHIVE_FORMAT,
      version: 1,
      createdAt: new Date().toISOString(),
      database: 'kantine.db',
      files: config.s3 ? 's3' : 'local',
      ...(config.s3 && {
        s3: {
          bucket: config.s3.bucket,
          prefix: config.s3.prefix,
          keys: storageKeys(path.join(work, 'kantine.db')),
        },
      }),
    };
    fs.writeFileSync(path.join(work, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    const entries = ['manifest.json', 'kantine.db'];
    const total = config.s3 ? { count: 0, bytes: 0 } : filesIn(filesDir);
    if (!config.s3 && fs.existsSync(filesDir)) {
      // The archive's files/ is the data directory's, reached through a link the packer follows.
      fs.symlinkSync(filesDir, path.join(work, 'files'));
      entries.push('files');
      report(`Files: adding ${total.count} uploaded files (${megabytes(total.bytes)})…`);
    } else if (manifest.s3) {
      report(
        `Files: ${manifest.s3.keys.length} keys in bucket ${manifest.s3.bucket} listed in the manifest (back up the bucket itself).`,
      );
    }
    let done = 0;
    let lastReport = Date.now();
    await writeAtomically(target, (temporary) =>
      tar.create(
        {
          gzip: true,
          file: temporary,
          cwd: work,
          follow: true,
          portable: true,
          filter: (entry, stat) => {
            if (skipped(entry)) return false;
            if ('isFile' in stat && stat.isFile() && entry.startsWith('files/')) {
              done += stat.size;
              if (Date.now() - lastReport > 1000 && total.bytes > 0) {
                lastReport = Date.now();
                report(
                  `Files: ${Math.round((done / total.bytes) * 100)} % (${megabytes(done)} of ${megabytes(total.bytes)})`,
                );
              }
            }
            return true;
          },
        },
        entries,
      ),
    );
    report(`Archive written to ${target} (${megabytes(fs.statSync(target).size)}).`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** True for a gzip file (an archive of `backup --with-files`), false for a plain SQLite backup. */
export function isArchive(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(2);
    fs.readSync(fd, head, 0, 2, 0);
    return head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Unpacks an archive into a fresh directory next to the data directory and checks its manifest.
 * The caller moves the database and files/ into place.
 */
export async function unpackArchive(file: string, dataDir: string) {
  fs.mkdirSync(dataDir, { recursive: true });
  const work = fs.mkdtempSync(path.join(dataDir, '.restore-'));
  try {
    // tar refuses absolute paths and `..` in entries, so nothing lands outside `work`.
    await tar.extract({ file, cwd: work, strict: true });
    const manifestFile = path.join(work, 'manifest.json');
    const manifest = fs.existsSync(manifestFile)
      ? (JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as BackupManifest)
      : undefined;
    if (manifest?.format !== ARCHIVE_FORMAT || !fs.existsSync(path.join(work, 'kantine.db'))) {
      throw new BackupError(`${file} is not a Kantine backup archive.`);
    }
    return { work, manifest, database: path.join(work, 'kantine.db'), files: path.join(work, 'files') };
  } catch (error) {
    fs.rmSync(work, { recursive: true, force: true });
    if (error instanceof BackupError) throw error;
    throw new BackupError(`${file} cannot be read as a Kantine backup archive: ${(error as Error).message}`);
  }
}

/** Replaces the data directory's files/ with the archive's (the old one is removed only once the new one is in place). */
export function replaceFiles(unpacked: string, dataDir: string) {
  const filesDir = path.join(dataDir, 'files');
  const previous = `${filesDir}.before-restore-${process.pid}`;
  if (fs.existsSync(filesDir)) fs.renameSync(filesDir, previous);
  if (fs.existsSync(unpacked)) fs.renameSync(unpacked, filesDir);
  else fs.mkdirSync(filesDir, { recursive: true });
  fs.rmSync(previous, { recursive: true, force: true });
}
