import { type ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ldapDefaults } from '../../src/server/modules/identity/ldap.settings.js';

const run = promisify(execFile);

export const SUFFIX = 'dc=example,dc=com';
export const ROOT_DN = `cn=admin,${SUFFIX}`;
const ROOT_PASSWORD = 'root-secret';
export const SERVICE_DN = `cn=kantine,${SUFFIX}`;
export const SERVICE_PASSWORD = 'service-secret';

/** The administration's LDAP settings for the test directory (PUT /api/v1/admin/identity/ldap). */
export function ldapSettingsFor(url: string, extra: Record<string, unknown> = {}) {
  return {
    ...ldapDefaults,
    enabled: true,
    url,
    bindDn: SERVICE_DN,
    usersBaseDn: `ou=people,${SUFFIX}`,
    usersFilter: '(objectClass=inetOrgPerson)',
    groupsBaseDn: `ou=groups,${SUFFIX}`,
    ...extra,
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, deadline: number) {
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`slapd did not listen on ${port}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface Slapd {
  url: string;
  ldapsUrl: string;
  /** The self-signed certificate (for 127.0.0.1) the server presents, PEM. */
  certificate: string;
  modify(ldif: string): Promise<void>;
  remove(dn: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A throwaway OpenLDAP server (Debian's slapd): own temp dir, slapd.conf with the mdb backend,
 * the tree loaded offline with slapadd, a self-signed certificate for StartTLS and LDAPS. The
 * service account sees at most 500 entries per search, so reading 1,000 people needs paging.
 */
export async function startSlapd(treeLdif: string): Promise<Slapd> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kantine-slapd-'));
  fs.mkdirSync(path.join(dir, 'data'));
  await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    path.join(dir, 'key.pem'),
    '-out',
    path.join(dir, 'cert.pem'),
    '-days',
    '2',
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    'subjectAltName=IP:127.0.0.1',
  ]);
  const config = [
    'include /etc/ldap/schema/core.schema',
    'include /etc/ldap/schema/cosine.schema',
    'include /etc/ldap/schema/inetorgperson.schema',
    'modulepath /usr/lib/ldap',
    'moduleload back_mdb',
    `pidfile ${dir}/slapd.pid`,
    `TLSCertificateFile ${dir}/cert.pem`,
    `TLSCertificateKeyFile ${dir}/key.pem`,
    'sizelimit size.soft=500 size.hard=500 size.prtotal=unlimited',
    'database mdb',
    'maxsize 104857600',
    `suffix "${SUFFIX}"`,
    `rootdn "${ROOT_DN}"`,
    `rootpw ${ROOT_PASSWORD}`,
    `directory ${dir}/data`,
    'index uid,mail,member eq',
    'access to attrs=userPassword by self write by anonymous auth by * none',
    'access to * by * read',
  ].join('\n');
  const configFile = path.join(dir, 'slapd.conf');
  fs.writeFileSync(configFile, `${config}\n`);
  const base = [
    `dn: ${SUFFIX}`,
    'objectClass: dcObject',
    'objectClass: organization',
    'o: Example',
    'dc: example',
    '',
    `dn: ${SERVICE_DN}`,
    'objectClass: person',
    'cn: kantine',
    'sn: kantine',
    `userPassword: ${SERVICE_PASSWORD}`,
    '',
  ].join('\n');
  fs.writeFileSync(path.join(dir, 'tree.ldif'), `${base}\n${treeLdif}`);
  await run('slapadd', ['-q', '-f', configFile, '-l', path.join(dir, 'tree.ldif')]);
  const port = await freePort();
  const ldapsPort = await freePort();
  const child: ChildProcess = spawn(
    '/usr/sbin/slapd',
    ['-f', configFile, '-h', `ldap://127.0.0.1:${port}/ ldaps://127.0.0.1:${ldapsPort}/`, '-d', '0'],
    { stdio: 'ignore' },
  );
  const deadline = Date.now() + 15_000;
  await waitForPort(port, deadline);
  await waitForPort(ldapsPort, deadline);
  const url = `ldap://127.0.0.1:${port}`;
  const admin = ['-x', '-H', url, '-D', ROOT_DN, '-w', ROOT_PASSWORD];
  const withInput = (command: string, args: string[], input: string) =>
    new Promise<void>((resolve, reject) => {
      const process = spawn(command, args, { stdio: ['pipe', 'ignore', 'pipe'] });
      let stderr = '';
      process.stderr?.on('data', (chunk) => {
        stderr += chunk;
      });
      process.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command}: ${stderr}`))));
      process.stdin?.end(input);
    });
  return {
    url,
    ldapsUrl: `ldaps://127.0.0.1:${ldapsPort}`,
    certificate: fs.readFileSync(path.join(dir, 'cert.pem'), 'utf8'),
    modify: (ldif) => withInput('ldapmodify', admin, ldif),
    remove: async (dn) => {
      await run('ldapdelete', [...admin, dn]);
    },
    async stop() {
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
