import { ApiError } from './api-error';
import { reportReachable, reportUnreachable } from './reachability';

export { ApiError } from './api-error';
export { onReachabilityChange, serverReachable } from './reachability';

async function parse(response: Response) {
  if (response.status === 204) return null;
  const type = response.headers.get('content-type') ?? '';
  const body = type.includes('json') ? await response.json() : await response.text();
  if (!response.ok) {
    const error =
      typeof body === 'object' && body?.error ? body.error : { code: 'network', message: String(body) };
    throw new ApiError(response.status, error.code, error.message, error.details);
  }
  return body;
}

export interface RequestOptions {
  /** Sent as `Idempotency-Key`: a repeat of the same submission gets the first answer instead of acting twice. */
  idempotencyKey?: string;
}

/**
 * The one way the web app talks to the server: JSON in, JSON out, errors as ApiError. Only the
 * features' `queries.ts` files (and lib/) call it; components import typed calls from there.
 */
export async function api<T>(
  method: string,
  path: string,
  body?: unknown,
  options: RequestOptions = {},
): Promise<T> {
  if (typeof navigator !== 'undefined' && navigator.onLine === false)
    throw new ApiError(0, 'offline', 'You are offline.');
  let response: Response;
  try {
    const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
    if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    reportUnreachable();
    throw new ApiError(0, 'network', 'The server cannot be reached.');
  }
  reportReachable();
  return parse(response) as Promise<T>;
}

/** A random key that also works outside secure contexts (plain http on an intranet has no randomUUID). */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `web-${Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}

/** Uploads one file with progress reports (fetch cannot report upload progress; XHR can). */
export function upload<T>(
  method: string,
  path: string,
  file: File,
  onProgress?: (fraction: number) => void,
  options: RequestOptions = {},
): Promise<T> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open(method, path);
    request.withCredentials = true;
    if (options.idempotencyKey) request.setRequestHeader('idempotency-key', options.idempotencyKey);
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress?.(event.loaded / event.total);
    };
    request.onerror = () => {
      reportUnreachable();
      reject(new ApiError(0, 'network', 'The server cannot be reached.'));
    };
    request.onload = () => {
      const response = new Response(request.responseText || null, {
        status: request.status,
        headers: { 'content-type': request.getResponseHeader('content-type') ?? '' },
      });
      parse(response).then(resolve as (value: unknown) => void, reject);
    };
    const form = new FormData();
    form.append('file', file);
    request.send(form);
  });
}
