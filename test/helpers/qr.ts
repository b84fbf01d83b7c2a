import jsQRModule from 'jsqr';
import sharp from 'sharp';

// jsQR is CommonJS with an ES-style default export in its types; take whichever form loads.
type Decode = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
const loaded = jsQRModule as unknown as Decode & { default?: Decode };
const jsQR: Decode = loaded.default ?? loaded;

/** Decodes the QR code in an image (PNG bytes or an SVG document) with a real QR decoder. */
export async function decodeQr(image: Buffer | string): Promise<string | null> {
  const input = typeof image === 'string' ? Buffer.from(image) : image;
  const { data, info } = await sharp(input, { density: 300 })
    .flatten({ background: '#ffffff' })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const result = jsQR(
    new Uint8ClampedArray(data.buffer, data.byteOffset, data.length),
    info.width,
    info.height,
  );
  return result?.data ?? null;
}
