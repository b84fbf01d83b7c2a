import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation.js';

/** Numbered migrations, listed statically so they work from source, from dist/ and in tests alike. */
export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
};
