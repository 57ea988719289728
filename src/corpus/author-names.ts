/**
 * Author lists as sources write them: arrays of names or of name objects, or one string in any of
 * "A, B and C", "A; B", "Last, First and Last, First" (BibTeX) or "Last, First; Last, First".
 * The "and"-separated inverted form is recognised before commas are treated as separators, so two
 * BibTeX-style names never become four.
 */
const SUFFIX = /^(?:jr|sr|ii|iii|iv)\.?$/i;
/** " and " between names, with an optional Oxford comma before it. */
const AND_SEPARATOR = /,?\s+and\s+/;

/** One author string split into display names ("First Last"); empty parts dropped. */
export function splitAuthorList(text: string): string[] {
  if (text.includes(';')) return clean(text.split(';').map((part) => uninverted(part) ?? part));
  const parts = text.split(AND_SEPARATOR);
  if (parts.length > 1) {
    const inverted = parts.map(uninverted);
    if (inverted.every((name) => name !== null)) return clean(inverted as string[]);
  }
  return clean(parts.flatMap((part) => part.split(',')));
}

/** "Last, First" → "First Last", "Last, Jr., First" → "First Last Jr."; null for other shapes. */
export function uninverted(name: string): string | null {
  const pieces = name.split(',').map((piece) => piece.trim());
  if (pieces.some((piece) => piece === '')) return null;
  if (pieces.length === 2 && !SUFFIX.test(pieces[1])) return `${pieces[1]} ${pieces[0]}`;
  if (pieces.length === 3 && SUFFIX.test(pieces[1])) {
    return `${pieces[2]} ${pieces[0]} ${pieces[1]}`;
  }
  return null;
}

/** A name object's display form: `name`, `display_name`, or CSL's `given` + `family`. */
export function nameOfObject(value: object): string | null {
  const fields = value as Record<string, unknown>;
  for (const key of ['name', 'display_name']) {
    if (typeof fields[key] === 'string') return fields[key];
  }
  const parts = [fields.given, fields.family].filter((part) => typeof part === 'string');
  return parts.length > 0 ? parts.join(' ') : null;
}

function clean(names: string[]): string[] {
  return names.map((name) => name.trim()).filter((name) => name !== '');
}
