import mammoth from 'mammoth';
import { extractText, getDocumentProxy } from 'unpdf';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const MAX_TEXT = 200_000;

/** The text of a PDF, Word (.docx) or plain-text file, for search; other types and unreadable files give ''. */
export async function documentText(bytes: Buffer, mime: string): Promise<string> {
  try {
    if (mime === 'application/pdf') {
      const pdf = await getDocumentProxy(new Uint8Array(bytes));
      const { text } = await extractText(pdf, { mergePages: true });
      return text.slice(0, MAX_TEXT);
    }
    if (mime === DOCX) return (await mammoth.extractRawText({ buffer: bytes })).value.slice(0, MAX_TEXT);
    if (mime.startsWith('text/')) return bytes.toString('utf8').slice(0, MAX_TEXT);
  } catch {
    // A damaged or encrypted PDF is still stored; it is only not searchable by its text.
  }
  return '';
}
