/**
 * A QR code as an SVG text (TOTP set-up, printed access codes). The library is loaded on the first
 * code: most starts of the server never draw one.
 */
export async function qrCodeSvg(text: string): Promise<string> {
  const QRCode = (await import('qrcode')).default;
  return QRCode.toString(text, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
}
