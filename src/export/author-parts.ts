/**
 * Splits a display name ("Ludwig van Beethoven", "Martin Luther King Jr.") into the parts
 * reference formats write separately. Pure, with no Node imports: the web page loads it.
 */
export interface NameParts {
  /** Family name with any particle ("van Beethoven"); the whole name when `corporate`. */
  family: string;
  given: string;
  suffix: string;
  /** An organisation or collaboration, written whole and never inverted. */
  corporate: boolean;
}

const PARTICLES = new Set([
  'van',
  'von',
  'der',
  'den',
  'de',
  'del',
  'della',
  'di',
  'da',
  'du',
  'dos',
  'das',
  'la',
  'le',
  'ten',
  'ter',
  'bin',
  'al',
  'el',
  'zu',
  'af',
]);
const SUFFIX = /^(?:jr|sr|ii|iii|iv)\.?$/i;
const CORPORATE =
  /\b(?:collaboration|consortium|committee|group|team|institute|organi[sz]ation|association|society|university|laboratory|council|project)\b/i;

export function nameParts(name: string): NameParts {
  const whole = name.trim();
  if (/[,{}]|\sand\s/.test(whole) || CORPORATE.test(whole)) {
    return { family: whole, given: '', suffix: '', corporate: true };
  }
  const words = whole.split(/\s+/);
  const suffix =
    words.length > 2 && SUFFIX.test(words[words.length - 1]) ? (words.pop() as string) : '';
  let start = words.length - 1;
  while (start > 1 && PARTICLES.has(words[start - 1])) start -= 1;
  if (start === 1 && words.length > 2 && PARTICLES.has(words[0])) start = 0;
  return {
    family: words.slice(start).join(' '),
    given: words.slice(0, start).join(' '),
    suffix,
    corporate: false,
  };
}

/** ASCII letters and digits of a text, lower-cased, for citation keys. */
export function asciiWord(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}
