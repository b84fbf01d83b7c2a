import type { DestinationStream } from 'pino';
import type { Config } from '../config.js';

/** Query parameters whose values are secrets (access tokens on the live URL, reset links, captchas). */
const secretParameter =
  /([?&](?:token|access_token|secret|key|code|password|signature|captcha_token)=)[^&#]*/gi;
/** Paths that carry a secret as a segment: invitation links and the invitation API. */
const secretSegments = [/^(\/invite\/)[^/?#]+/, /^(\/api\/v1\/invitations\/)(?!\?|$)[^/?#]+/];

/** The URL as it may appear in a log line: every secret in it replaced by `[redacted]`. */
export function redactUrl(url: string): string {
  let redacted = url.replace(secretParameter, '$1[redacted]');
  for (const pattern of secretSegments) redacted = redacted.replace(pattern, '$1[redacted]');
  return redacted;
}

interface LoggedRequest {
  method: string;
  url: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

/**
 * Fastify's logger: request lines carry a URL with its secrets rewritten, and pino's `redact` drops
 * cookies and credentials wherever a header object is logged.
 */
export function loggerOptions(config: Pick<Config, 'logLevel'>, stream?: DestinationStream) {
  return {
    level: config.logLevel,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'req.headers["x-csrf-token"]',
        'res.headers["set-cookie"]',
        'headers.authorization',
        'headers.cookie',
      ],
      censor: '[redacted]',
    },
    serializers: {
      req: (request: LoggedRequest) => ({
        method: request.method,
        url: redactUrl(request.url),
        host: request.host,
        remoteAddress: request.ip,
        remotePort: request.socket?.remotePort,
      }),
    },
    ...(stream ? { stream } : {}),
  };
}
