/**
 * The honest baseline: Fastify answering the feed's path with a captured, real home-feed response —
 * the same bytes and the same headers — from memory. It is the physical limit for serving this
 * payload on this stack, measured in the same run as Kantine.
 */
import fs from 'node:fs';
import Fastify from 'fastify';

interface Captured {
  headers: Record<string, string>;
  /** base64 */
  body: string;
}

const captured = JSON.parse(fs.readFileSync(process.env.CAPTURED_FILE ?? '', 'utf8')) as Captured;
const body = Buffer.from(captured.body, 'base64');
const app = Fastify({ logger: false });
app.get('/api/v1/feed', async (_request, reply) => reply.headers(captured.headers).send(body));
await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
process.stdout.write(`${(app.server.address() as { port: number }).port}\n`);
