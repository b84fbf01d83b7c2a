import { parentPort, workerData } from 'node:worker_threads';
import JSZip from 'jszip';
import mammoth from 'mammoth';
import { extractText, getDocumentProxy } from 'unpdf';

/*
 * Runs in a worker thread with a memory limit (see documents.ts): a document that expands to far
 * more than it looks (a .docx of 25 KB with 100,000 paragraphs) costs this thread, never the server's
 * event loop. Answers { text } or { tooLarge: true }; a damaged file throws.
 */
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const ODT = 'application/vnd.oasis.opendocument.text';

interface Job {
  bytes: Uint8Array;
  mime: string;
  maxChars: number;
}

/** Markup around the text of office documents: more expanded XML than this per allowed character is too much. */
const XML_PER_CHAR = 5;

/** The text of an OpenDocument text: paragraphs and headings of content.xml. */
async function odtText(bytes: Uint8Array, maxChars: number): Promise<string | null> {
  const zip = await JSZip.loadAsync(bytes);
  const content = zip.file('content.xml');
  if (!content) return '';
  const xml = await content.async('string');
  if (xml.length > maxChars * XML_PER_CHAR) return null;
  return xml
    .replace(/<text:(p|h)\b[^>]*>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();
}

async function extract({ bytes, mime, maxChars }: Job): Promise<string | null> {
  if (mime === 'application/pdf') {
    const pdf = await getDocumentProxy(bytes);
    return (await extractText(pdf, { mergePages: true })).text;
  }
  if (mime === DOCX) {
    // The expanded document XML is what mammoth walks: refuse before parsing when it is huge.
    const zip = await JSZip.loadAsync(bytes);
    const document = zip.file('word/document.xml');
    const expanded = document ? (await document.async('uint8array')).length : 0;
    if (expanded > maxChars * XML_PER_CHAR) return null;
    return (await mammoth.extractRawText({ buffer: Buffer.from(bytes) })).value;
  }
  if (mime === ODT) return odtText(bytes, maxChars);
  if (mime.startsWith('text/')) return Buffer.from(bytes).toString('utf8');
  return '';
}

const job = workerData as Job;
extract(job).then(
  (text) => {
    if (text === null || text.length > job.maxChars) parentPort?.postMessage({ tooLarge: true });
    else parentPort?.postMessage({ text });
  },
  (error: unknown) =>
    parentPort?.postMessage({ error: error instanceof Error ? error.message : String(error) }),
);
