import cluster from 'node:cluster';
import type { LiveBus, LiveEnvelope } from './bus.js';

/** The message a worker sends to the primary, and the primary to every worker. */
interface ClusterLiveMessage {
  kantineLive: LiveEnvelope;
}

const isLiveMessage = (message: unknown): message is ClusterLiveMessage =>
  typeof message === 'object' && message !== null && 'kantineLive' in message;

/**
 * Live messages between the worker processes of one machine (KANTINE_WORKERS > 1 without Redis):
 * a worker hands each message to the primary, which passes it to every worker, itself included.
 */
export function clusterBus(): LiveBus {
  const handlers: Array<(envelope: LiveEnvelope) => void> = [];
  const onMessage = (message: unknown) => {
    if (!isLiveMessage(message)) return;
    for (const handler of handlers) handler(message.kantineLive);
  };
  process.on('message', onMessage);
  return {
    async publish(envelope) {
      const message: ClusterLiveMessage = { kantineLive: envelope };
      await new Promise<void>((resolve, reject) =>
        process.send?.(message, undefined, {}, (error) => (error ? reject(error) : resolve())),
      );
    },
    subscribe(handler) {
      handlers.push(handler);
    },
    // Redis is not involved: readiness reports it as not configured.
    status: () => 'off',
    // The primary relays every message over the workers' IPC channels, which lose none.
    epoch: () => 0,
    async close() {
      process.off('message', onMessage);
      handlers.length = 0;
    },
  };
}

/** In the primary: passes every worker's live message on to all workers. */
export function relayLiveMessages() {
  cluster.on('message', (_worker, message: unknown) => {
    if (!isLiveMessage(message)) return;
    for (const worker of Object.values(cluster.workers ?? {}))
      if (worker?.isConnected()) worker.send(message);
  });
}
