import type { ClientErrorCode, ErrorCode } from '../../shared/api/errors';

/** The one way the web app talks to the server: JSON in, JSON out, errors as ApiError. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | ClientErrorCode,
    message: string,
    /** An array of field problems for `validation_failed`; other codes may carry an object. */
    readonly details?: unknown,
  ) {
    super(message);
  }
}

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

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', 'The server cannot be reached.');
  }
  return parse(response) as Promise<T>;
}

/** Uploads one file with progress reports (fetch cannot report upload progress; XHR can). */
export function upload<T>(
  method: string,
  path: string,
  file: File,
  onProgress?: (fraction: number) => void,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open(method, path);
    request.withCredentials = true;
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress?.(event.loaded / event.total);
    };
    request.onerror = () => reject(new ApiError(0, 'network', 'The server cannot be reached.'));
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
