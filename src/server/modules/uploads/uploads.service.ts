import type { AppContext } from '../../context.js';
import { fail } from '../../http/errors.js';
import type { Viewer } from '../../http/viewer.js';
import { isoNow } from '../../lib/clock.js';
import { cleanFileName } from '../../lib/filenames.js';
import { decodeOrRefuse, imageLibrary } from '../../lib/images.js';
import { isReadablePdf } from '../../lib/pdf-check.js';
import { newSecret } from '../../lib/secrets.js';
import { mayReadFile } from '../access/access.repo.js';
import { toAttachment } from '../stream/stream.presenter.js';
import * as repo from './uploads.repo.js';

const MAX_IMAGE_EDGE = 2048;
const imageTypes = new Set([
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/gif',
  'image/avif',
  'image/heic',
  'image/heif',
]);
const textTypes = new Set(['text/plain', 'text/csv', 'text/markdown']);
/** Types we keep as files; everything is served as a download, never rendered inline. */
const documentTypes = new Set([
  'application/pdf',
  'application/zip',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/vnd.oasis.opendocument.presentation',
  'application/msword',
  'application/vnd.ms-excel',
  'application/vnd.ms-powerpoint',
  'application/x-cfb',
]);

const mismatch = () => fail.badRequest('type_mismatch', 'The file’s content does not match its type.');

/** What the bytes really are, compared with what the browser declared. */
async function sniff(bytes: Buffer, declared: string) {
  // Loaded with the first upload, like sharp (lib/images.ts).
  const { fileTypeFromBuffer } = await import('file-type');
  const detected = await fileTypeFromBuffer(bytes);
  if (detected) {
    if (imageTypes.has(detected.mime)) {
      if (!declared.startsWith('image/')) throw mismatch();
      return { kind: 'image' as const, mime: detected.mime };
    }
    if (declared.startsWith('image/') || declared.startsWith('text/')) throw mismatch();
    if (!documentTypes.has(detected.mime))
      throw fail.badRequest('unsupported_type', 'Files of this type cannot be uploaded.');
    if (detected.mime === 'application/pdf' && !(await isReadablePdf(bytes)))
      throw fail.badRequest('invalid_pdf', 'This PDF is damaged or not a PDF at all.');
    return { kind: 'file' as const, mime: detected.mime };
  }
  // No magic number: only plain text is accepted, and it must really be text.
  if (textTypes.has(declared) && !bytes.includes(0))
    return { kind: 'file' as const, mime: `${declared}; charset=utf-8` };
  throw declared.startsWith('image/') || documentTypes.has(declared)
    ? mismatch()
    : fail.badRequest('unsupported_type', 'Files of this type cannot be uploaded.');
}

export interface StoredBytes {
  name: string;
  mime: string;
  size: number;
  kind: 'image' | 'file';
  width: number | null;
  height: number | null;
  storageKey: string;
  thumbnailKey: string | null;
  /** The bytes as stored (images re-encoded), e.g. for text extraction. */
  bytes: Buffer;
}

const THUMBNAIL_EDGE = 320;

interface StoredFormat {
  format: 'jpeg' | 'png' | 'webp' | 'gif';
  mime: string;
  extensions: string[];
  options: Record<string, unknown>;
}
const formats: Record<StoredFormat['format'], StoredFormat> = {
  jpeg: {
    format: 'jpeg',
    mime: 'image/jpeg',
    extensions: ['jpg', 'jpeg', 'jpe'],
    options: { quality: 82, mozjpeg: true },
  },
  png: { format: 'png', mime: 'image/png', extensions: ['png'], options: { compressionLevel: 9 } },
  webp: { format: 'webp', mime: 'image/webp', extensions: ['webp'], options: { quality: 82 } },
  gif: { format: 'gif', mime: 'image/gif', extensions: ['gif'], options: {} },
};

/**
 * Images keep their format, so a colleague's `foto-werkhalle.jpg` stays a JPEG with its name. Only
 * AVIF and HEIC/HEIF (which many browsers and programs cannot show) become JPEG, or PNG when transparent.
 */
function storedFormatOf(mime: string, hasAlpha: boolean): StoredFormat {
  if (mime === 'image/jpeg') return formats.jpeg;
  if (mime === 'image/png') return formats.png;
  if (mime === 'image/webp') return formats.webp;
  if (mime === 'image/gif') return formats.gif;
  return hasAlpha ? formats.png : formats.jpeg;
}

/** The person's file name with an extension that says what the file is. */
export function nameWithExtension(name: string, format: StoredFormat): string {
  const match = /^(.+)\.([A-Za-z0-9]{1,5})$/.exec(name);
  if (match && format.extensions.includes(match[2].toLowerCase())) return name;
  return `${match ? match[1] : name}.${format.extensions[0]}`;
}

/**
 * Checks that the bytes are what they claim to be, re-encodes images (dropping EXIF/GPS and anything
 * hidden in the container) with a thumbnail, and puts everything into storage under random keys.
 */
export async function storeBytes(
  ctx: AppContext,
  upload: { bytes: Buffer; filename: string; mimetype: string },
): Promise<StoredBytes> {
  if (upload.bytes.length === 0) throw fail.badRequest('empty_file', 'The file is empty.');
  const type = await sniff(upload.bytes, upload.mimetype);
  const key = newSecret(16);
  const storageKey = `uploads/${key.slice(0, 2)}/${key}`;
  const name = cleanFileName(upload.filename);
  if (type.kind === 'file') {
    await ctx.storage.put(storageKey, upload.bytes);
    return {
      name,
      mime: type.mime,
      size: upload.bytes.length,
      kind: 'file',
      width: null,
      height: null,
      storageKey,
      thumbnailKey: null,
      bytes: upload.bytes,
    };
  }
  const sharp = await imageLibrary();
  const image = sharp(upload.bytes, {
    animated: type.mime === 'image/gif',
    limitInputPixels: 50_000_000,
  }).rotate();
  const metadata = await decodeOrRefuse(() => image.metadata());
  const stored = storedFormatOf(type.mime, metadata.hasAlpha === true);
  // Re-encoding drops EXIF/GPS and anything hidden in the container, whatever the format.
  const output = await decodeOrRefuse(() =>
    image
      .clone()
      .resize(MAX_IMAGE_EDGE, MAX_IMAGE_EDGE, { fit: 'inside', withoutEnlargement: true })
      .toFormat(stored.format, stored.options)
      .toBuffer({ resolveWithObject: true }),
  );
  const thumbnail = await decodeOrRefuse(() =>
    image
      .clone()
      .resize(THUMBNAIL_EDGE, THUMBNAIL_EDGE, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 75 })
      .toBuffer(),
  );
  const thumbnailKey = `${storageKey}-thumb`;
  await ctx.storage.put(storageKey, output.data);
  await ctx.storage.put(thumbnailKey, thumbnail).catch(async (error: unknown) => {
    await discardStored(ctx, [storageKey]);
    throw error;
  });
  return {
    name: nameWithExtension(name, stored),
    mime: stored.mime,
    size: output.data.length,
    kind: 'image',
    width: output.info.width,
    height: output.info.pageHeight ?? output.info.height,
    storageKey,
    thumbnailKey,
    bytes: output.data,
  };
}

/** Removes bytes that were stored for a write that then failed; a failure here only leaves an orphan. */
export async function discardStored(ctx: AppContext, keys: Array<string | null>) {
  for (const key of keys) {
    if (key)
      await ctx.storage.delete(key).catch((error: unknown) => ctx.log.warn({ err: error }, 'cleanup failed'));
  }
}

/** For a write after `storeBytes`: bytes without a row would stay on the disk forever (e.g. the database was full). */
export function discardOnFailure(ctx: AppContext, stored: StoredBytes) {
  return async (error: unknown): Promise<never> => {
    await discardStored(ctx, [stored.storageKey, stored.thumbnailKey]);
    throw error;
  };
}

/** The `files` row for stored bytes; attachments and library files add where they belong. */
export function fileRowFrom(stored: StoredBytes, id: string, uploaderId: number, now: string) {
  return {
    id,
    uploader_id: uploaderId,
    content_id: null,
    position: 0,
    name: stored.name,
    mime: stored.mime,
    size: stored.size,
    kind: stored.kind,
    width: stored.width,
    height: stored.height,
    storage_key: stored.storageKey,
    thumbnail_key: stored.thumbnailKey,
    created_at: now,
  };
}

/** Stores an upload of the viewer's; it becomes visible to others only once attached to something they may read. */
export async function storeUpload(
  ctx: AppContext,
  viewer: Viewer,
  upload: { bytes: Buffer; filename: string; mimetype: string },
) {
  const stored = await storeBytes(ctx, upload);
  const now = isoNow(ctx.clock);
  const row = fileRowFrom(stored, newSecret(16), viewer.id, now);
  await ctx.database.transaction((trx) => repo.insertFile(trx, row)).catch(discardOnFailure(ctx, stored));
  const inserted = await repo.findFile(ctx.database.db, row.id);
  if (!inserted) throw fail.notFound();
  return toAttachment(inserted);
}

/** A file (or an older version, or its thumbnail) if the viewer may see what it belongs to; 404 otherwise. */
export async function readFile(
  ctx: AppContext,
  viewer: Viewer,
  fileId: string,
  options: { version?: number; thumbnail?: boolean } = {},
) {
  const { db } = ctx.database;
  const file = await repo.findFile(db, fileId);
  const notFound = fail.notFound('This file does not exist or is not visible to you.');
  if (!file || !(await mayReadFile(db, viewer.id, file))) throw notFound;
  let key = options.thumbnail && file.thumbnail_key ? file.thumbnail_key : file.storage_key;
  let meta = {
    name: file.name,
    mime: options.thumbnail && file.thumbnail_key ? 'image/webp' : file.mime,
    kind: file.kind,
  };
  if (options.version !== undefined && options.version !== file.version) {
    const old = await repo.findVersion(db, fileId, options.version);
    if (!old) throw notFound;
    key = old.storage_key;
    // Only our own re-encoded images carry an image type (see storeBytes).
    meta = { name: old.name, mime: old.mime, kind: old.mime.startsWith('image/') ? 'image' : 'file' };
  }
  const bytes = await ctx.storage.get(key);
  if (!bytes) throw notFound;
  return { meta, bytes };
}
