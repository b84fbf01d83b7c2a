import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { isPublicAddress, OutboundRefused, outboundRequest } from './outbound.js';

describe('outbound guard', () => {
  it('knows public from private, loopback, link-local and special addresses', () => {
    for (const address of ['8.8.8.8', '1.1.1.1', '2a00:1450:4001:81b::200e'])
      expect(isPublicAddress(address), address).toBe(true);
    for (const address of [
      '127.0.0.1',
      '10.0.0.1',
      '172.16.5.4',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      'fe80::1',
      'fd12::1',
      '::ffff:127.0.0.1',
      '224.0.0.1',
      'not an address',
    ])
      expect(isPublicAddress(address), address).toBe(false);
  });

  it('checks the resolved address of a name, and never follows a redirect', async () => {
    const server = http.createServer((_request, response) => {
      response.statusCode = 302;
      response.setHeader('location', 'http://169.254.169.254/');
      response.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      // The machine's own name resolves to a loopback or private address.
      await expect(
        outboundRequest(`http://${os.hostname()}:${port}/`, {
          method: 'GET',
          headers: {},
          timeoutMs: 2000,
          allowPrivate: false,
        }),
      ).rejects.toBeInstanceOf(OutboundRefused);
      const answer = await outboundRequest(`http://127.0.0.1:${port}/`, {
        method: 'GET',
        headers: {},
        timeoutMs: 2000,
        allowPrivate: true,
      });
      expect(answer.status).toBe(302);
    } finally {
      server.close();
    }
  });
});
