import { MAX_ID } from '../../shared/api/common.js';
import { fail } from './errors.js';

/**
 * Keyset-pagination cursors: the sort key of the last row on a page, as base64url JSON. Every
 * list decodes its cursor here, so a malformed one always gets the same 400.
 */
type Kind = 'string' | 'number';
type ValueOf<K extends Kind> = K extends 'string' ? string : number;

/**
 * Numbers in cursors are ids, unix seconds or flags: integers that fit PostgreSQL's 32-bit
 * `integer` (1.5, 1e20 or 1e400 were passed on and answered 500). Strings (timestamps, names)
 * carry no NUL, which PostgreSQL refuses.
 */
function fits(value: unknown, kind: Kind): boolean {
  if (kind === 'number')
    return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= MAX_ID;
  return typeof value === 'string' && value.length <= 500 && !value.includes('\u0000');
}

export function encodeCursor(values: Array<string | number | null>): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function readCursor<const K extends readonly Kind[]>(
  cursor: string | undefined,
  kinds: K,
): { -readonly [I in keyof K]: ValueOf<K[I]> } | undefined {
  if (!cursor) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== kinds.length ||
    parsed.some((value, index) => !fits(value, kinds[index]))
  ) {
    throw fail.badRequest('invalid_cursor', 'The cursor is invalid.');
  }
  return parsed as { -readonly [I in keyof K]: ValueOf<K[I]> };
}
