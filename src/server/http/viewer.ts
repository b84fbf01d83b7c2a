import type { UserRole } from '../db/schema.js';

/** Who is asking: resolved once per request from the session cookie or a bearer token. */
export interface Viewer {
  id: number;
  role: UserRole;
  name: string;
  handle: string;
  locale: string | null;
  via: 'session' | 'token';
  scope: 'read' | 'write';
  sessionId?: string;
  /** The personal access token's id when the viewer came with one. */
  tokenId?: number;
  /** A session opened by an access code: may only read who it is and set a first credential. */
  mustSetCredential?: boolean;
}
