import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';
import type { AppContext } from '../../context.js';
import { fail } from '../../http/errors.js';
import type { Viewer } from '../../http/viewer.js';
import { isoNow } from '../../lib/clock.js';
import { newSecret } from '../../lib/secrets.js';
import { mayReadContent } from '../access/access.repo.js';
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

function cleanName(name: string): string {
  const cleaned = name
    .replace(/[\\/\0\r\n"]/g, '_')
    .trim()
    .slice(0, 200);
  return cleaned || 'file';
}

/** What the bytes really are, compared with what the browser declared. */
async function sniff(bytes: Buffer, declared: string) {
  const detected = await fileTypeFromBuffer(bytes);
  if (detected) {
    if (imageTypes.has(detected.mime)) {
      if (!declared.startsWith('image/')) throw mismatch();
      return { kind: 'image' as const, mime: detected.mime };
    }
    if (declared.startsWith('image/') || declared.startsWith('text/')) throw mismatch();
    if (!documentTypes.has(detected.mime))
      throw fail.badRequest('unsupported_type', 'Files of this type cannot be uploaded.');
    return { kind: 'file' as const, mime: detected.mime };
  }
  // No magic number: only plain text is accepted, and it must really be text.
  if (textTypes.has(declared) && !bytes.includes(0))
    return { kind: 'file' as const, mime: `${declared}; charset=utf-8` };
  throw declared.startsWith('image/') || documentTypes.has(declared)
    ? mismatch()
    : fail.badRequest('unsupported_type', 'Files of this type cannot be uploaded.');
}

/** Stores an upload of the viewer's; it becomes visible to others only once attached to something they may read. */
export async function storeUpload(
  ctx: AppContext,
  viewer: Viewer,
  upload: { bytes: Buffer; filename: string; mimetype: string },
) {
  if (upload.bytes.length === 0) throw fail.badRequest('empty_file', 'The file is empty.');
  const type = await sniff(upload.bytes, upload.mimetype);
  const id = newSecret(16);
  let bytes = upload.bytes;
  let mime = type.mime;
  let width: number | null = null;
  let height: number | null = null;
  let name = cleanName(upload.filename);
  if (type.kind === 'image') {
    // Re-encoding drops EXIF/GPS and anything hidden in the container.
    const output = await sharp(upload.bytes, {
      animated: type.mime === 'image/gif',
      limitInputPixels: 50_000_000,
    })
      .rotate()
      .resize(MAX_IMAGE_EDGE, MAX_IMAGE_EDGE, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 82 })
      .toBuffer({ resolveWithObject: true })
      .catch(() => {
        throw fail.badRequest('invalid_image', 'The image cannot be read.');
      });
    bytes = output.data;
    mime = 'image/webp';
    width = output.info.width;
    height = output.info.pageHeight ?? output.info.height;
    name = `${name.replace(/\.[a-z0-9]{2,5}$/i, '')}.webp`;
  }
  const storageKey = `uploads/${id.slice(0, 2)}/${id}`;
  await ctx.storage.put(storageKey, bytes);
  const row = {
    id,
    uploader_id: viewer.id,
    content_id: null,
    position: 0,
    name,
    mime,
    size: bytes.length,
    kind: type.kind,
    width,
    height,
    storage_key: storageKey,
    created_at: isoNow(ctx.clock),
  };
  await ctx.database.transaction((trx) => repo.insertFile(trx, row));
  return toAttachment(row);
}

/** Files follow the visibility of what they are attached to; unattached ones only their uploader sees. */
export async function readFile(ctx: AppContext, viewer: Viewer, fileId: string) {
  const { db } = ctx.database;
  const file = await repo.findFile(db, fileId);
  const notFound = fail.notFound('This file does not exist or is not visible to you.');
  if (!file) throw notFound;
  const visible =
    file.content_id === null
      ? file.uploader_id === viewer.id
      : await mayReadContent(db, viewer.id, file.content_id);
  if (!visible) throw notFound;
  const bytes = await ctx.storage.get(file.storage_key);
  if (!bytes) throw notFound;
  return { file, bytes };
}
