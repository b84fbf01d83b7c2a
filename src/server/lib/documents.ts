import { Worker } from 'node:worker_threads';

/**
 * Text of PDF, Word (.docx), OpenDocument (.odt) and plain-text files for search, extracted in a
 * worker thread (one per file, at most one at a time) with a time limit, a heap limit and a cap on
 * the expanded text: the server's event loop never parses a document. Called from the outbox
 * (search handler), never inside an upload request.
 */
export type TextResult =
  | { state: 'indexed'; text: string }
  | { state: 'too_large'; text: '' }
  | { state: 'unreadable'; text: '' };

export interface ExtractionLimits {
  timeoutMs: number;
  memoryMb: number;
  maxChars: number;
}

/** What the index keeps of a document's text (the rest still counted against maxChars). */
const INDEXED_CHARS = 200_000;

const extractable = (mime: string) =>
  mime === 'application/pdf' ||
  mime === 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' ||
  mime === 'application/vnd.oasis.opendocument.text' ||
  mime.startsWith('text/');

const fromSource = import.meta.url.endsWith('.ts');
const workerFile = new URL(fromSource ? './documents.worker.ts' : './documents.worker.js', import.meta.url);

function startWorker(workerData: unknown, memoryMb: number) {
  const resourceLimits = {
    maxOldGenerationSizeMb: memoryMb,
    maxYoungGenerationSizeMb: Math.min(64, memoryMb / 4),
  };
  if (!fromSource) return new Worker(workerFile, { workerData, resourceLimits });
  // Running from the TypeScript sources (tests, `npm run dev`): the worker compiles through tsx too.
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(workerFile.href)}); })`;
  return new Worker(bootstrap, { eval: true, workerData, resourceLimits });
}

let queue: Promise<unknown> = Promise.resolve();

/** One document at a time: extraction is CPU work, and the machine has other things to do. */
function oneAtATime<T>(task: () => Promise<T>): Promise<T> {
  const run = queue.then(task, task);
  queue = run.catch(() => undefined);
  return run;
}

function runWorker(bytes: Buffer, mime: string, limits: ExtractionLimits): Promise<TextResult> {
  return new Promise((resolve) => {
    const worker = startWorker(
      { bytes: new Uint8Array(bytes), mime, maxChars: limits.maxChars },
      limits.memoryMb,
    );
    let settled = false;
    const settle = (result: TextResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(result);
    };
    const timer = setTimeout(() => settle({ state: 'too_large', text: '' }), limits.timeoutMs);
    worker.on('message', (message: { text?: string; tooLarge?: boolean; error?: string }) => {
      if (message.tooLarge) settle({ state: 'too_large', text: '' });
      else if (typeof message.text === 'string')
        settle({ state: 'indexed', text: message.text.slice(0, INDEXED_CHARS) });
      else settle({ state: 'unreadable', text: '' });
    });
    worker.on('error', (error: Error & { code?: string }) =>
      settle(
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? { state: 'too_large', text: '' }
          : { state: 'unreadable', text: '' },
      ),
    );
    worker.on('exit', () => settle({ state: 'unreadable', text: '' }));
  });
}

export async function documentText(
  bytes: Buffer,
  mime: string,
  limits: ExtractionLimits,
): Promise<TextResult> {
  if (!extractable(mime)) return { state: 'indexed', text: '' };
  // Plain text needs no parser: only the size cap.
  if (mime.startsWith('text/')) {
    if (bytes.length > limits.maxChars * 4) return { state: 'too_large', text: '' };
    return { state: 'indexed', text: bytes.toString('utf8').slice(0, INDEXED_CHARS) };
  }
  return oneAtATime(() => runWorker(bytes, mime, limits));
}
