import { getDocumentProxy } from 'unpdf';

const PARSE_TIME_CAP_MS = 3000;

/**
 * Whether bytes that start like a PDF really are one: the trailer must point (`startxref`) at a
 * cross-reference table or stream inside the file, and PDF.js must open it within a time cap.
 * A 44-byte "%PDF-1.4 … %%EOF" fails the first check without any parsing. An encrypted PDF counts
 * as a PDF (it opens, it only asks for a password).
 */
export async function isReadablePdf(bytes: Buffer): Promise<boolean> {
  if (!bytes.subarray(0, 1024).toString('latin1').includes('%PDF-')) return false;
  const tail = bytes.subarray(Math.max(0, bytes.length - 2048)).toString('latin1');
  // The last trailer counts (incremental updates append new ones); some writers add bytes after it.
  const pointer = [...tail.matchAll(/startxref\s+(\d+)\s+%%EOF/g)].at(-1);
  if (!pointer) return false;
  const offset = Number(pointer[1]);
  if (!Number.isSafeInteger(offset) || offset <= 0 || offset >= bytes.length) return false;
  const target = bytes.subarray(offset, offset + 64).toString('latin1');
  if (!/^\s*(xref\b|\d+\s+\d+\s+obj\b)/.test(target)) return false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), PARSE_TIME_CAP_MS);
  });
  try {
    const opened = getDocumentProxy(new Uint8Array(bytes)).then(
      async (pdf) => {
        const pages = pdf.numPages;
        await pdf.destroy();
        return pages > 0 ? 'ok' : 'broken';
      },
      (error: { name?: string }) => (error?.name === 'PasswordException' ? 'ok' : 'broken'),
    );
    // A structurally sound file that takes longer than the cap to open is given the benefit of the doubt.
    return (await Promise.race([opened, timeout])) !== 'broken';
  } finally {
    clearTimeout(timer);
  }
}
