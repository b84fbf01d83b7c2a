import type { WebSocket } from '@fastify/websocket';
import type { Database } from '../db/database.js';
import { readersAmong, spaceReadersAmong } from '../modules/access/access.repo.js';
import { credentialMatches, type LiveCredential, type LiveEnvelope } from './bus.js';

/**
 * The WebSocket connections of this node, by user. Delivery asks the access module which of the
 * connected users may see the item, so nothing reaches a socket its user could not open in the feed.
 */
export class LiveHub {
  private readonly sockets = new Map<number, Set<WebSocket>>();
  /** What each connection was opened with, so that logging out or revoking a token closes exactly its sockets. */
  private readonly credentials = new WeakMap<WebSocket, LiveCredential>();

  constructor(
    private readonly database: Database,
    private readonly onError: (error: unknown) => void,
    /** A person's unread notifications, for envelopes with `countUnread`. */
    private readonly unreadCount: (userId: number) => Promise<number> = async () => 0,
  ) {}

  get connectionCount(): number {
    let count = 0;
    for (const set of this.sockets.values()) count += set.size;
    return count;
  }

  add(userId: number, socket: WebSocket, credential: LiveCredential = {}) {
    this.credentials.set(socket, credential);
    let set = this.sockets.get(userId);
    if (!set) {
      set = new Set();
      this.sockets.set(userId, set);
    }
    set.add(socket);
    socket.on('close', () => {
      set.delete(socket);
      if (set.size === 0) this.sockets.delete(userId);
    });
  }

  closeAll() {
    for (const set of this.sockets.values())
      for (const socket of set) socket.close(1001, 'server shutting down');
  }

  /** Called for every envelope on the bus; delivers to the local connections in the audience. */
  async deliver(envelope: LiveEnvelope): Promise<void> {
    try {
      const recipients = await this.recipients(envelope);
      if (recipients.length === 0) return;
      const shared = envelope.countUnread ? undefined : JSON.stringify(envelope.message);
      for (const userId of recipients) {
        const payload =
          shared ??
          JSON.stringify({ ...envelope.message, data: { unreadCount: await this.unreadCount(userId) } });
        for (const socket of this.sockets.get(userId) ?? []) {
          if (!credentialMatches(envelope.credentials, this.credentials.get(socket) ?? {})) continue;
          if (socket.readyState === socket.OPEN) socket.send(payload);
          if (envelope.close) socket.close(4001, 'session ended');
        }
      }
    } catch (error) {
      this.onError(error);
    }
  }

  private async recipients(envelope: LiveEnvelope): Promise<number[]> {
    const connected = [...this.sockets.keys()];
    if (connected.length === 0) return [];
    const { audience } = envelope;
    if (audience.kind === 'users') return audience.userIds.filter((id) => this.sockets.has(id));
    if (audience.kind === 'content') return readersAmong(this.database.db, audience.contentId, connected);
    return spaceReadersAmong(this.database.db, audience.spaceId, connected);
  }
}
