import WebSocket from 'ws';
import type { TestClient } from './client.js';

export interface LiveMessage {
  type: string;
  data: any;
}

/** A WebSocket to /api/v1/live authenticated like the given client, collecting every message. */
export async function connectLive(client: TestClient): Promise<{
  messages: LiveMessage[];
  socket: WebSocket;
  waitFor(predicate: (m: LiveMessage) => boolean, timeoutMs?: number): Promise<LiveMessage>;
  close(): void;
}> {
  const url = `${client.baseUrl.replace(/^http/, 'ws')}/api/v1/live${client.token ? `?token=${client.token}` : ''}`;
  const headers: Record<string, string> = {};
  if (client.sessionCookie) headers.cookie = `kantine_session=${client.sessionCookie}`;
  const socket = new WebSocket(url, { headers, origin: client.baseUrl });
  const messages: LiveMessage[] = [];
  const waiters: Array<() => void> = [];
  socket.on('message', (raw) => {
    messages.push(JSON.parse(raw.toString()));
    for (const wake of waiters.splice(0)) wake();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
    socket.once('unexpected-response', (_request, response) =>
      reject(new Error(`live refused: ${response.statusCode}`)),
    );
  });
  const waitFor = async (predicate: (m: LiveMessage) => boolean, timeoutMs = 3000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = messages.find(predicate);
      if (found) return found;
      if (Date.now() > deadline)
        throw new Error(
          `no matching live message within ${timeoutMs} ms; got ${JSON.stringify(messages.map((m) => m.type))}`,
        );
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  };
  await waitFor((m) => m.type === 'hello');
  return { messages, socket, waitFor, close: () => socket.close() };
}

/** Gives in-flight deliveries time to arrive before asserting that something did NOT arrive. */
export const settle = (ms = 300) => new Promise((resolve) => setTimeout(resolve, ms));
