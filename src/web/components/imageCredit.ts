import type { TFunction } from 'i18next';

/** "Foto: Anna, Quelle: …, CC BY 4.0" — the credit shown wherever an image with rights is used; '' without any. */
export function imageCredit(
  t: TFunction,
  rights: { creator: string; source: string; licence: string },
): string {
  return [
    rights.creator && t('files.creditCreator', { name: rights.creator }),
    rights.source && t('files.creditSource', { source: rights.source }),
    rights.licence,
  ]
    .filter(Boolean)
    .join(', ');
}
