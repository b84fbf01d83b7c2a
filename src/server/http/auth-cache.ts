import type { UserRole } from '../db/schema.js';
import type { LiveEnvelope } from '../live/bus.js';

/** What the viewer lookup needs from a session or token row, kept for a few seconds. */
export interface CachedSession {
  id: number;
  role: UserRole;
  name: string;
  handle: string;
  locale: string | null;
  last_seen_at: string;
  expires_at: string;
  /** Set for sessions opened by an access code, which must set a credential first. */
  restriction?: string | null;
}

export interface CachedToken {
  id: number;
  role: UserRole;
  name: string;
  handle: string;
  locale: string | null;
  scope: 'read' | 'write';
  token_id: number;
  last_used_at: string | null;
}

/** Which cached credentials just stopped being valid; travels to every node on the live bus. */
export interface AuthInvalidation {
  sessionIds?: string[];
  tokenHashes?: string[];
  userIds?: number[];
}

interface Entry<T> {
  value: T;
  storedAt: number;
}

const MAX_ENTRIES = 10_000;

/**
 * Sessions and access tokens resolved on this node, so most requests skip the database lookup.
 * Entries live at most `ttlMs`; ending a session, revoking a token, deactivating an account or
 * changing a password removes them at once on this node and, through the live bus, on the others
 * (which are therefore at most `ttlMs` late even if that message were lost).
 */
export class AuthCache {
  private readonly sessions = new Map<string, Entry<CachedSession>>();
  private readonly tokens = new Map<string, Entry<CachedToken>>();
  /** Bumped by every invalidation: a lookup that started before it must not store its (maybe stale) row. */
  private generation = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get enabled(): boolean {
    return this.ttlMs > 0;
  }

  /** Call before the database lookup; pass the result to `storeSession`/`storeToken`. */
  ticket(): number {
    return this.generation;
  }

  session(id: string): CachedSession | undefined {
    return this.fresh(this.sessions, id);
  }

  token(hash: string): CachedToken | undefined {
    return this.fresh(this.tokens, hash);
  }

  storeSession(ticket: number, id: string, value: CachedSession) {
    this.store(this.sessions, ticket, id, value);
  }

  storeToken(ticket: number, hash: string, value: CachedToken) {
    this.store(this.tokens, ticket, hash, value);
  }

  invalidate(what: AuthInvalidation) {
    this.generation++;
    for (const id of what.sessionIds ?? []) this.sessions.delete(id);
    for (const hash of what.tokenHashes ?? []) this.tokens.delete(hash);
    if (what.userIds?.length) {
      const users = new Set(what.userIds);
      for (const [key, entry] of this.sessions) if (users.has(entry.value.id)) this.sessions.delete(key);
      for (const [key, entry] of this.tokens) if (users.has(entry.value.id)) this.tokens.delete(key);
    }
  }

  clear() {
    this.generation++;
    this.sessions.clear();
    this.tokens.clear();
  }

  private fresh<T>(map: Map<string, Entry<T>>, key: string): T | undefined {
    if (!this.enabled) return undefined;
    const entry = map.get(key);
    if (!entry) return undefined;
    if (this.now() - entry.storedAt > this.ttlMs) {
      map.delete(key);
      return undefined;
    }
    return entry.value;
  }

  private store<T>(map: Map<string, Entry<T>>, ticket: number, key: string, value: T) {
    if (!this.enabled || ticket !== this.generation) return;
    if (map.size >= MAX_ENTRIES) {
      // Maps iterate in insertion order: drop the oldest entry.
      const oldest = map.keys().next().value;
      if (oldest !== undefined) map.delete(oldest);
    }
    map.delete(key);
    map.set(key, { value, storedAt: this.now() });
  }
}

/**
 * Ends cached credentials at once on this node and tells every other node through the live bus.
 * Call after the change has committed (the database is the truth; the caches only follow it).
 */
export async function invalidateCredentials(
  ctx: { authCache?: AuthCache; live: { publish(envelope: LiveEnvelope): Promise<void> } },
  what: AuthInvalidation,
): Promise<void> {
  ctx.authCache?.invalidate(what);
  await ctx.live.publish({
    audience: { kind: 'users', userIds: [] },
    // Addressed to nobody: only the envelope's `invalidate` matters, no socket ever sees it.
    message: { type: 'auth.invalidated', data: null } as unknown as LiveEnvelope['message'],
    invalidate: what,
  });
}
