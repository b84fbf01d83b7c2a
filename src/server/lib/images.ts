import type { Metadata } from 'sharp';
import { fail } from '../http/errors.js';

/**
 * sharp with libvips (~30 MB resident) loads with the first picture, not at start: most of a
 * server's life, and a benchmark's, passes without one.
 */
export async function imageLibrary() {
  return (await import('sharp')).default;
}

const acceptedFormats = new Set(['jpeg', 'png', 'webp', 'gif', 'avif', 'heif', 'tiff']);

/** Reads the image's real format from its bytes; anything that is not a raster image we accept is refused. */
export async function assertImage(bytes: Buffer): Promise<Metadata> {
  const sharp = await imageLibrary();
  try {
    const metadata = await sharp(bytes, { limitInputPixels: 50_000_000 }).metadata();
    if (metadata.format && acceptedFormats.has(metadata.format)) return metadata;
  } catch {
    // fall through: not an image sharp can read
  }
  throw fail.badRequest('invalid_image', 'The file is not an image (JPEG, PNG, WebP, GIF, AVIF or HEIF).');
}

/**
 * Runs image work whose failure means the bytes are broken (a truncated PNG has a valid header, so
 * only decoding finds out): the person gets a 400 `invalid_image`, never a 500.
 */
export async function decodeOrRefuse<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch {
    throw fail.badRequest('invalid_image', 'The image cannot be read; it may be damaged or incomplete.');
  }
}

/**
 * Square crop, re-encoded as WebP. Re-encoding drops all metadata (EXIF, GPS, camera serials);
 * `rotate()` first applies the EXIF orientation so the picture does not turn sideways.
 */
export async function squareWebp(bytes: Buffer, size: number): Promise<Buffer> {
  const sharp = await imageLibrary();
  return decodeOrRefuse(() =>
    sharp(bytes, { limitInputPixels: 50_000_000 })
      .rotate()
      .resize(size, size, { fit: 'cover', position: 'attention' })
      .webp({ quality: 82 })
      .toBuffer(),
  );
}

/** Fits inside a box without cropping (logos), keeping transparency. */
export async function containedWebp(bytes: Buffer, width: number, height: number): Promise<Buffer> {
  const sharp = await imageLibrary();
  return decodeOrRefuse(() =>
    sharp(bytes, { limitInputPixels: 50_000_000 })
      .rotate()
      .resize(width, height, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 90 })
      .toBuffer(),
  );
}
