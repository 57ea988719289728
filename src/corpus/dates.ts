/**
 * Publication dates arrive as ISO strings, bare years, arXiv's RFC 2822 stamps or prose like
 * "Dec 5, 2023". All become YYYY-MM-DD (missing month or day → 01) or null; nothing here throws.
 * Dates are read as written, never shifted through the local time zone.
 */
const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

const ISO_LIKE = /^(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2}))?)?(?:[T\s].*)?$/;
const DAY_MONTH_YEAR = /\b(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b/;
const MONTH_DAY_YEAR = /\b([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})\b/;
const MONTH_YEAR = /^([A-Za-z]{3,9})\.?,?\s+(\d{4})$/;

/** 1-based month for an English month name or its three-letter abbreviation, else null. */
export function monthNumber(name: string): number | null {
  const lower = name.toLowerCase();
  if (lower.length < 3) return null;
  const index = MONTHS.findIndex((month) => month.startsWith(lower));
  return index < 0 ? null : index + 1;
}

/** YYYY-MM-DD for a real calendar date, else null. */
export function isoDate(year: number, month = 1, day = 1): string | null {
  if (year < 1000 || year > 9999 || month < 1 || month > 12 || day < 1 || day > 31) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1) return null;
  return date.toISOString().slice(0, 10);
}

export function normalizePublished(value: unknown): string | null {
  if (typeof value === 'number') return Number.isInteger(value) ? isoDate(value) : null;
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (text === '') return null;
  const known = fromKnownShape(text);
  return known === undefined ? fromDateParse(text) : known;
}

/** undefined when no known shape matches; null when one matches but names no real date. */
function fromKnownShape(text: string): string | null | undefined {
  let match = ISO_LIKE.exec(text);
  if (match) return isoDate(Number(match[1]), num(match[2]), num(match[3]));
  match = DAY_MONTH_YEAR.exec(text);
  if (match) return namedMonth(match[3], match[2], match[1]);
  match = MONTH_DAY_YEAR.exec(text);
  if (match) return namedMonth(match[3], match[1], match[2]);
  match = MONTH_YEAR.exec(text);
  if (match) return namedMonth(match[2], match[1]);
  return undefined;
}

function namedMonth(year: string, monthName: string, day?: string): string | null {
  const month = monthNumber(monthName);
  return month === null ? null : isoDate(Number(year), month, num(day));
}

/** Last resort for other shapes; demands a four-digit year because Date.parse invents one. */
function fromDateParse(text: string): string | null {
  if (!/\b\d{4}\b/.test(text)) return null;
  const time = Date.parse(text);
  if (!Number.isFinite(time)) return null;
  const date = new Date(time);
  return isoDate(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

function num(text: string | undefined): number | undefined {
  return text === undefined ? undefined : Number(text);
}
