import { constants as fsConstants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { S3Settings } from '../config.js';
import { s3Storage } from './s3.js';

/**
 * Where uploaded bytes live. Keys are relative paths chosen by the server (never by the user).
 * The local implementation writes under the data directory; an S3 implementation can follow the
 * same interface.
 */
export interface Storage {
  put(key: string, bytes: Buffer): Promise<void>;
  get(key: string): Promise<Buffer | null>;
  delete(key: string): Promise<void>;
  /** Every stored key (for `kantine fsck`). */
  list(): AsyncIterable<string>;
}

const safeKey = /^[a-z0-9][a-z0-9/_.-]*$/i;

export function localStorage(root: string): Storage {
  const resolve = (key: string) => {
    if (!safeKey.test(key) || key.includes('..')) throw new Error(`unsafe storage key ${key}`);
    return path.join(root, key);
  };
  return {
    async put(key, bytes) {
      const file = resolve(key);
      await fs.mkdir(path.dirname(file), { recursive: true }).catch(async (error: unknown) => {
        // A recursive mkdir on a read-only disk reports ENOENT; name the real cause (EROFS, EACCES).
        await fs.access(root, fsConstants.W_OK);
        throw error;
      });
      const temporary = `${file}.${process.pid}.tmp`;
      try {
        await fs.writeFile(temporary, bytes);
        await fs.rename(temporary, file);
      } catch (error) {
        // A full disk leaves a partial file behind; removing it keeps the disk from filling further.
        await fs.rm(temporary, { force: true }).catch(() => undefined);
        throw error;
      }
    },
    async get(key) {
      try {
        return await fs.readFile(resolve(key));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
    async delete(key) {
      await fs.rm(resolve(key), { force: true });
    },
    async *list() {
      const entries = await fs.readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
      for (const entry of entries)
        if (entry.isFile())
          yield path
            .relative(root, path.join(entry.parentPath ?? entry.path, entry.name))
            .split(path.sep)
            .join('/');
    },
  };
}

/** The configured storage: an S3-compatible bucket, or the data directory. */
export function storageFor(config: { dataDir: string; s3?: S3Settings }): Storage {
  return config.s3 ? s3Storage(config.s3) : localStorage(path.join(config.dataDir, 'files'));
}
