import type {} from '@fastify/websocket';
import type { LiveMessage } from '../../shared/api/live.js';
import type { LiveHub } from '../live/hub.js';
import type { Api } from './api.js';
import { viewerOf } from './api.js';

const PING_INTERVAL = 30_000;

/**
 * `GET /api/v1/live`: one WebSocket per browser tab. Messages are JSON `{type, data}`
 * (see docs/LIVE.md). Authentication: the session cookie, or `?token=` with an access token.
 */
export function liveRoutes(app: Api, hub: LiveHub, unreadCount: (userId: number) => Promise<number>) {
  app.get(
    '/api/v1/live',
    {
      websocket: true,
      config: { access: 'authenticated' },
      schema: {
        tags: ['live'],
        summary: 'WebSocket with live events (new posts, comments, reactions, notifications)',
      },
    },
    async (socket, request) => {
      const viewer = viewerOf(request);
      hub.add(viewer.id, socket, { sessionId: viewer.sessionId, tokenId: viewer.tokenId });
      const ping = setInterval(() => socket.ping(), PING_INTERVAL);
      socket.on('close', () => clearInterval(ping));
      socket.on('message', (raw: Buffer) => {
        if (raw.toString() === 'ping')
          socket.send(JSON.stringify({ type: 'pong', data: null } satisfies LiveMessage));
      });
      const hello: LiveMessage = {
        type: 'hello',
        data: { userId: viewer.id, unreadCount: await unreadCount(viewer.id) },
      };
      socket.send(JSON.stringify(hello));
    },
  );
}
