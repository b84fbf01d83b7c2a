/** `datetime-local` inputs work in local time without a zone; the API wants ISO 8601 with one. */
export const toIso = (local: string) => (local ? new Date(local).toISOString() : undefined);

/** An ISO time as the value of a `datetime-local` input ('' for none). */
export function toLocal(iso: string | null | undefined) {
  if (!iso) return '';
  const date = new Date(iso);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}
