import { jsonLinesReader } from './json-lines.js';

/**
 * JSON Lines of generic paper records: title, abstract, optional id, authors (list or
 * "A, B and C"), categories (list or space separated), published/date/year, url or doi.
 */
export const readJsonl = jsonLinesReader((value) => value);
