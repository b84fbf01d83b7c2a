import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { AppError, fail } from '../../http/errors.js';

/**
 * `POST /api/v1/stories` as `multipart/form-data`: the JSON fields as text parts (`title`, `body`,
 * `link`, `campaign`) and each picture as `pictures[N][file]` (the image) with its rights in
 * `pictures[N][creator]`, `pictures[N][source]`, `pictures[N][licence]` and optionally
 * `pictures[N][alt]` (N = 0, 1, … without gaps). The form becomes the JSON body (each picture's
 * `fileId` a placeholder naming its part, so the route's one schema checks both), and the files wait
 * in memory until the service stores them through the upload pipeline.
 */
export const STORY_FORM_DESCRIPTION =
  'JSON with `pictures[].fileId` from `POST /api/v1/uploads`, or `multipart/form-data` with the same fields as text parts (`title`, `body`, `link`, `campaign`) and each picture as a file part `pictures[N][file]` with `pictures[N][creator]`, `pictures[N][source]`, `pictures[N][licence]` and optionally `pictures[N][alt]` (N = 0, 1, 2 … without gaps, at most 10). Pictures are re-encoded without metadata like every upload; nothing is stored when anything is wrong.';

export interface FormPicture {
  bytes: Buffer;
  filename: string;
  mimetype: string;
}

const PLACEHOLDER = /^part-(\d+)-[0-9a-f]{16}$/;
const textFields = new Set(['title', 'body', 'link', 'campaign']);
const pictureFields = new Set(['creator', 'source', 'licence', 'alt']);

const files = new WeakMap<FastifyRequest, Map<string, FormPicture>>();

/** The pictures of a multipart story, by placeholder id; undefined for JSON requests. */
export function formPictures(request: FastifyRequest) {
  return files.get(request);
}

export const isPlaceholder = (fileId: string) => PLACEHOLDER.test(fileId);

const badForm = (message: string) => fail.badRequest('validation_failed', message);

/** preValidation of the story route: turns a multipart form into the JSON body. */
export async function storyFormToBody(request: FastifyRequest) {
  if (!request.isMultipart()) return;
  const fields: Record<string, string> = {};
  const pictures = new Map<number, { fields: Record<string, string>; file?: FormPicture }>();
  const pictureOf = (index: number) => {
    const known = pictures.get(index) ?? { fields: {} };
    pictures.set(index, known);
    return known;
  };
  // The first problem is reported after the whole form was read: answering while the client still
  // sends would cut its upload off mid-stream.
  let problem: AppError | undefined;
  try {
    for await (const part of request.parts({ limits: { files: 10, fields: 60, fieldSize: 20_000 } })) {
      const picture = /^pictures\[(\d{1,2})\]\[([a-z]+)\]$/.exec(part.fieldname);
      const index = picture ? Number(picture[1]) : -1;
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        if (problem) continue;
        if (picture?.[2] !== 'file') problem = badForm(`Unexpected file part "${part.fieldname}".`);
        else if (index > 9) problem = badForm('A story has at most 10 pictures.');
        else if (pictureOf(index).file) problem = badForm(`Picture ${index} has two files.`);
        else pictureOf(index).file = { bytes, filename: part.filename || 'bild', mimetype: part.mimetype };
      } else if (!problem) {
        if (picture && pictureFields.has(picture[2]) && index <= 9)
          pictureOf(index).fields[picture[2]] = String(part.value);
        else if (textFields.has(part.fieldname)) fields[part.fieldname] = String(part.value);
        else problem = badForm(`Unexpected field "${part.fieldname}".`);
      }
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    const status = (error as { statusCode?: number }).statusCode;
    if (status === 413)
      throw fail.badRequest('validation_failed', 'Too many pictures, or a picture larger than allowed.');
    throw fail.badRequest('invalid_upload', 'The form is incomplete or malformed. Please try again.');
  }
  if (problem) throw problem;
  const waiting = new Map<string, FormPicture>();
  const body: Record<string, unknown> = { ...fields, pictures: [] };
  for (let index = 0; index < pictures.size; index++) {
    const entry = pictures.get(index);
    if (!entry)
      throw badForm(`Pictures must be numbered 0, 1, 2 … without gaps (picture ${index} is missing).`);
    if (!entry.file) throw badForm(`Picture ${index} has no file part pictures[${index}][file].`);
    const digest = createHash('sha256').update(entry.file.bytes).digest('hex').slice(0, 16);
    const fileId = `part-${index}-${digest}`;
    waiting.set(fileId, entry.file);
    (body.pictures as unknown[]).push({ fileId, ...entry.fields });
  }
  files.set(request, waiting);
  request.body = body;
}
