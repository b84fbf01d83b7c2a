import crypto from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { envToCfg, envToSecrets, PDS } from '@atproto/pds';
import { formatDidDoc, opToData } from '@did-plc/lib';
import Fastify from 'fastify';

/**
 * A real AT Protocol PDS (`@atproto/pds` 0.4.217, the newest that runs on Node 20) on a free port
 * with a throwaway data directory. A PDS registers its accounts' DIDs with a PLC directory; the test
 * starts a small one in memory (operations kept per DID, documents built with @did-plc/lib).
 */
export async function startPds() {
  const ops = new Map<string, unknown[]>();
  const plc = Fastify();
  plc.post('/:did', async (request) => {
    const { did } = request.params as { did: string };
    ops.set(did, [...(ops.get(did) ?? []), request.body]);
    return {};
  });
  plc.get('/:did', async (request, reply) => {
    const { did } = request.params as { did: string };
    const log = ops.get(did);
    if (!log) return reply.status(404).send({ message: 'not found' });
    const data = opToData(did, log[log.length - 1] as never);
    if (!data) return reply.status(404).send({ message: 'tombstoned' });
    return formatDidDoc(data);
  });
  plc.get('/:did/data', async (request, reply) => {
    const { did } = request.params as { did: string };
    const log = ops.get(did);
    if (!log) return reply.status(404).send({ message: 'not found' });
    return opToData(did, log[log.length - 1] as never);
  });
  plc.get('/:did/log/last', async (request, reply) => {
    const { did } = request.params as { did: string };
    const log = ops.get(did);
    if (!log) return reply.status(404).send({ message: 'not found' });
    return log[log.length - 1];
  });
  await plc.listen({ port: 0, host: '127.0.0.1' });
  const plcUrl = `http://127.0.0.1:${(plc.server.address() as AddressInfo).port}`;

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kantine-pds-'));
  const port = await freePort();
  const env = {
    port,
    hostname: 'localhost',
    dataDirectory: dir,
    blobstoreDiskLocation: path.join(dir, 'blobs'),
    didPlcUrl: plcUrl,
    serviceHandleDomains: ['.test'],
    devMode: true,
    inviteRequired: false,
    jwtSecret: crypto.randomBytes(16).toString('hex'),
    adminPassword: 'admin-pass',
    plcRotationKeyK256PrivateKeyHex: crypto.randomBytes(32).toString('hex'),
    disableSsrfProtection: true,
    rateLimitsEnabled: false,
  };
  const pds = await PDS.create(envToCfg(env as never), envToSecrets(env as never));
  await pds.start();
  const url = `http://localhost:${port}`;
  return {
    url,
    async createAccount(handle: string, password: string) {
      const response = await fetch(`${url}/xrpc/com.atproto.server.createAccount`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ handle, password, email: `${handle.split('.')[0]}@example.com` }),
      });
      const body = (await response.json()) as { did: string; handle: string; accessJwt: string };
      if (!response.ok) throw new Error(`createAccount: ${response.status} ${JSON.stringify(body)}`);
      return body;
    },
    async close() {
      await pds.destroy();
      await plc.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function freePort(): Promise<number> {
  const probe = Fastify();
  await probe.listen({ port: 0, host: '127.0.0.1' });
  const { port } = probe.server.address() as AddressInfo;
  await probe.close();
  return port;
}
