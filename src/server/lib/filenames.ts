/**
 * Invisible characters that change how a name reads without showing themselves: bidi controls
 * (U+202A–U+202E, U+2066–U+2069, U+200E/U+200F, U+061C — "rechnung\u202Etxt.exe" shows as
 * "rechnungexe.txt"), zero-width characters, soft hyphens and every other format (Cf) or control
 * (Cc) character.
 */
const invisible = /[\p{Cf}\p{Cc}]/gu;

export function withoutInvisibleCharacters(text: string): string {
  return text.replace(invisible, '');
}

/** A file name safe to store and to put into a Content-Disposition header; never empty. */
export function cleanFileName(name: string): string {
  const cleaned = withoutInvisibleCharacters(name)
    .replace(/[\\/"]/g, '_')
    .trim()
    .slice(0, 200);
  return cleaned || 'file';
}
