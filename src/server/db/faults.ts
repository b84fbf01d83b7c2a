/**
 * Failures of the infrastructure under a request (database gone, hanging, locked; disk full) as
 * opposed to bugs. They answer 503 or 507 with a stable code instead of a 500, and the node keeps
 * serving: the next request gets a fresh connection.
 */
export type InfrastructureFault =
  | { status: 503; code: 'database_unavailable'; message: string }
  | { status: 503; code: 'database_timeout'; message: string }
  | { status: 503; code: 'database_busy'; message: string }
  | { status: 503; code: 'storage_unavailable'; message: string }
  | { status: 507; code: 'storage_full'; message: string };

const unavailable: InfrastructureFault = {
  status: 503,
  code: 'database_unavailable',
  message: 'The database cannot be reached right now. Please try again in a moment.',
};
const timeout: InfrastructureFault = {
  status: 503,
  code: 'database_timeout',
  message: 'The database did not answer in time. Please try again in a moment.',
};
const busy: InfrastructureFault = {
  status: 503,
  code: 'database_busy',
  message: 'The database is busy. Please try again in a moment.',
};
const full: InfrastructureFault = {
  status: 507,
  code: 'storage_full',
  message: 'The server has no space left to store this. Please tell your administrator.',
};
const storage: InfrastructureFault = {
  status: 503,
  code: 'storage_unavailable',
  message: 'The server cannot write its data right now. Please tell your administrator.',
};

// PostgreSQL SQLSTATEs: class 08 (connection exception), 57P0x (server shutting down / starting),
// 53300 (too many connections), 57014 (statement timeout / cancel), 53100 (disk full).
const postgresUnavailable = /^(08...|57P0[1-4]|53300|3D000)$/;

const nodeConnectionCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

const connectionMessages = [
  'Connection terminated',
  'Client has encountered a connection error',
  'Client was closed',
  'Connection ended',
  'Postgres connection has been discarded',
];

export function infrastructureFault(error: unknown): InfrastructureFault | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const { code, message } = error as { code?: unknown; message?: unknown };
  const text = typeof message === 'string' ? message : '';
  if (typeof code === 'string') {
    if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'SQLITE_FULL' || code === '53100') return full;
    if (code === '57014') return timeout;
    if (postgresUnavailable.test(code) || nodeConnectionCodes.has(code)) return unavailable;
    if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || code.startsWith('SQLITE_LOCKED'))
      return busy;
    if (
      code.startsWith('SQLITE_IOERR') ||
      code.startsWith('SQLITE_CANTOPEN') ||
      code.startsWith('SQLITE_READONLY')
    )
      return storage;
    if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM' || code === 'EIO') return storage;
  }
  if (text === 'Query read timeout' || text.startsWith('timeout exceeded when trying to connect'))
    return timeout;
  if (connectionMessages.some((known) => text.startsWith(known))) return unavailable;
  return undefined;
}

/** True when a pooled PostgreSQL connection that saw this error must not be reused. */
export function breaksConnection(error: unknown): boolean {
  const fault = infrastructureFault(error);
  return fault?.code === 'database_unavailable' || fault?.code === 'database_timeout';
}
