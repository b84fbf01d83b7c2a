import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';

let test: TestApp;

/** A raw GET that sends exactly the Accept-Encoding given (fetch would add its own and decode). */
function rawGet(url: string, acceptEncoding?: string) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>(
    (resolve, reject) => {
      const request = http.get(
        url,
        { headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk) => chunks.push(chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
          );
        },
      );
      request.on('error', reject);
    },
  );
}

// A production build of its own (the e2e build runs under NODE_ENV=test and carries React's development code).
let webRoot: string;
const indexHtml = () => fs.readFileSync(path.join(webRoot, 'index.html'), 'utf8');
const initialScripts = () =>
  [...indexHtml().matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((match) => match[1]);

beforeAll(async () => {
  webRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'kantine-web-'));
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: 'vite.config.ts',
      logLevel: 'warn',
      build: { outDir: webRoot, emptyOutDir: true },
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  test = await startTestApp({ webRoot });
}, 240_000);
afterAll(async () => {
  await test?.close();
  if (webRoot) fs.rmSync(webRoot, { recursive: true, force: true });
});

describe('the built web app is served compressed and cached right', () => {
  it('sends hashed scripts as brotli or gzip from the build, cached for a year and immutable', async () => {
    const script = initialScripts()[0];
    const original = fs.readFileSync(path.join(webRoot, script));

    const brotli = await rawGet(`${test.baseUrl}${script}`, 'gzip, deflate, br');
    expect(brotli.status).toBe(200);
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(brotli.headers['content-type']).toMatch(/javascript/);
    expect(brotli.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(brotli.headers.vary).toMatch(/accept-encoding/i);
    expect(zlib.brotliDecompressSync(brotli.body).equals(original)).toBe(true);
    expect(brotli.body.length).toBeLessThan(original.length / 2);

    const gzip = await rawGet(`${test.baseUrl}${script}`, 'gzip');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(zlib.gunzipSync(gzip.body).equals(original)).toBe(true);

    const plain = await rawGet(`${test.baseUrl}${script}`);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.equals(original)).toBe(true);
  });

  it('index.html is never cached without asking, at / and at every app path', async () => {
    for (const url of ['/', '/index.html', '/spaces/12?tab=files', '/admin/accounts']) {
      const response = await rawGet(`${test.baseUrl}${url}`, 'br');
      expect(response.status, url).toBe(200);
      expect(response.headers['cache-control'], url).toBe('no-cache');
      expect(response.headers['content-type'], url).toMatch(/text\/html/);
      const html =
        response.headers['content-encoding'] === 'br'
          ? zlib.brotliDecompressSync(response.body).toString()
          : response.body.toString();
      expect(html, url).toContain('<div id="root">');
    }
  });

  it('the first screen shows a skeleton before any script runs', () => {
    expect(indexHtml()).toMatch(/<div id="root">\s*<div class="boot/);
  });

  it('the initial JavaScript stays within 200 KB gzip', () => {
    const total = initialScripts().reduce(
      (sum, script) => sum + zlib.gzipSync(fs.readFileSync(path.join(webRoot, script))).length,
      0,
    );
    console.log(
      `initial JavaScript: ${(total / 1024).toFixed(1)} KB gzip in ${initialScripts().length} files`,
    );
    expect(total).toBeLessThanOrEqual(200 * 1024);
  });
});
