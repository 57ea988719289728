// @ts-check
// Files in and out of the library. An import sends the file's text to the server to be
// matched (nothing else leaves the browser) and keeps what it matched and why the rest not; an
// export writes BibTeX with the project's own writer, served compiled from the server.

import { toBibtex } from '../lib/export/bibtex-writer.js';
import { api } from './api.js';
import { library } from './library-store.js';

/** Reference-manager files by extension, and the media type each is sent as. @type {Record<string, string>} */
const TYPES = {
  bib: 'application/x-bibtex',
  bibtex: 'application/x-bibtex',
  ris: 'application/x-research-info-systems',
};

export const IMPORT_ACCEPT = Object.keys(TYPES)
  .map((extension) => `.${extension}`)
  .join(',');

/** @param {File} file */
const typeOf = (file) => TYPES[file.name.split('.').pop()?.toLowerCase() ?? ''];

/** @param {File} file */
export function isLibraryFile(file) {
  return Boolean(typeOf(file));
}

/**
 * Imports a .bib or .ris file: its entries matched by the server (or embedded from their
 * abstracts) join the library; those matched nowhere are kept with the reason.
 * @param {File} file
 * @returns {Promise<{added: number, matched: number, embedded: number, unmatched: number}>}
 */
export async function importLibraryFile(file) {
  const type = typeOf(file);
  if (!type) throw new Error(`${file.name} is not a .bib or .ris file`);
  const body = await api.resolveLibrary(await file.text(), type);
  const items = body.library.map((entry) => ({
    id: entry.id,
    title: entry.title,
    ...(entry.abstract === undefined ? {} : { abstract: entry.abstract }),
    how: entry.matched_by,
    file: file.name,
  }));
  const added = library.add(items);
  library.setUnmatched(file.name, body.unmatched);
  const embedded = items.filter((item) => item.id === null).length;
  return {
    added,
    matched: items.length - embedded,
    embedded,
    unmatched: body.unmatched.length,
  };
}

/** The library as a BibTeX file: full records of indexed papers, title and abstract otherwise. */
export async function libraryAsBibtex() {
  const records = await Promise.all(
    library.items.map(async (item) => {
      if (item.id) return (await api.paper(item.id)).paper;
      return {
        id: item.title,
        title: item.title,
        abstract: item.abstract ?? '',
        authors: [],
        categories: [],
        published: null,
        url: null,
        doi: null,
        arxiv_id: null,
        venue: null,
        keywords: [],
      };
    }),
  );
  return toBibtex(records);
}

/**
 * Offers text as a download.
 * @param {string} name
 * @param {string} type
 * @param {string} text
 */
export function download(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
