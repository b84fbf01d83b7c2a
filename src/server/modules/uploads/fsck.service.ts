import type { AppContext } from '../../context.js';
import * as repo from './uploads.repo.js';

export interface StorageReport {
  /** Keys the database refers to. */
  known: number;
  /** Keys in storage. */
  stored: number;
  /** Rows whose bytes are gone. */
  missing: string[];
  /** Bytes no row refers to (left by a crash, or by deletions from before the outbox). */
  orphaned: string[];
}

/** `kantine fsck`: stored bytes against the rows that refer to them, for the data directory and S3 alike. */
export async function checkStorage(ctx: Pick<AppContext, 'database' | 'storage'>): Promise<StorageReport> {
  const known = new Set(await repo.allKnownKeys(ctx.database.db));
  const stored = new Set<string>();
  for await (const key of ctx.storage.list()) stored.add(key);
  return {
    known: known.size,
    stored: stored.size,
    missing: [...known].filter((key) => !stored.has(key)).sort(),
    orphaned: [...stored].filter((key) => !known.has(key)).sort(),
  };
}
