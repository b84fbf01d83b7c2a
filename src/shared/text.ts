/**
 * Folding for people search: lower case, diacritics removed, ß→ss. The expanded variant spells
 * umlauts out (ä→ae), so both "Müller" and "Mueller" find a person called Müller.
 */
export function foldText(text: string): string {
  return text
    .toLowerCase()
    .replaceAll('ß', 'ss')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export function foldTextExpanded(text: string): string {
  return foldText(text.toLowerCase().replaceAll('ä', 'ae').replaceAll('ö', 'oe').replaceAll('ü', 'ue'));
}

export function searchableText(parts: string[]): string {
  const joined = parts.filter(Boolean).join(' ');
  const basic = foldText(joined);
  const expanded = foldTextExpanded(joined);
  return basic === expanded ? basic : `${basic} ${expanded}`;
}

/** A handle from a name: "Jürgen Groß" → "juergen.gross". */
export function handleFromName(name: string): string {
  const base = foldTextExpanded(name)
    .replace(/[^a-z0-9]+/g, '.')
    .replace(/^\.+|\.+$/g, '')
    .slice(0, 30);
  return base.length >= 2 ? base : `user${base}`;
}

/** A URL slug from a title: "Neues Büro in Köln!" → "neues-buero-in-koeln". */
export function slugFromTitle(title: string): string {
  const slug = foldTextExpanded(title)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
  return slug || 'artikel';
}
