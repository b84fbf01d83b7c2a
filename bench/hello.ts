/** The baseline: Fastify answering a tiny JSON route, measured in the same run as Kantine. */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/hello', async () => ({ hello: 'world' }));
await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
process.stdout.write(`${(app.server.address() as { port: number }).port}\n`);
