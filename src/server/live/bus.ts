import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';
import type { LiveMessage } from '../../shared/api/live.js';

/** Who should receive a live message; each node checks visibility for its own connections. */
export type LiveAudience =
  | { kind: 'users'; userIds: number[] }
  | { kind: 'content'; contentId: number }
  | { kind: 'space'; spaceId: number | null };

export type { LiveMessage } from '../../shared/api/live.js';

export interface LiveEnvelope {
  audience: LiveAudience;
  message: LiveMessage;
  /** Close these users' connections after delivering (logout everywhere, deactivation). */
  close?: boolean;
}

/** Carries live messages to every app node: in-process with one node, Redis pub/sub with several. */
export interface LiveBus {
  publish(envelope: LiveEnvelope): Promise<void>;
  subscribe(handler: (envelope: LiveEnvelope) => void): void;
  close(): Promise<void>;
}

export function localBus(): LiveBus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    async publish(envelope) {
      emitter.emit('message', envelope);
    },
    subscribe(handler) {
      emitter.on('message', handler);
    },
    async close() {
      emitter.removeAllListeners();
    },
  };
}

const CHANNEL = 'kantine:live';

export async function redisBus(url: string, onError: (error: unknown) => void): Promise<LiveBus> {
  const publisher = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3 });
  const subscriber = new Redis(url, { lazyConnect: true });
  publisher.on('error', onError);
  subscriber.on('error', onError);
  await Promise.all([publisher.connect(), subscriber.connect()]);
  const handlers: Array<(envelope: LiveEnvelope) => void> = [];
  subscriber.on('message', (_channel: string, raw: string) => {
    let envelope: LiveEnvelope;
    try {
      envelope = JSON.parse(raw);
    } catch (error) {
      onError(error);
      return;
    }
    for (const handler of handlers) handler(envelope);
  });
  await subscriber.subscribe(CHANNEL);
  return {
    async publish(envelope) {
      await publisher.publish(CHANNEL, JSON.stringify(envelope));
    },
    subscribe(handler) {
      handlers.push(handler);
    },
    async close() {
      subscriber.disconnect();
      publisher.disconnect();
    },
  };
}
