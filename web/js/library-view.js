// @ts-check
// The library view: the papers kept in this browser, importing a .bib or .ris file (a file
// control, or a file dropped anywhere on the page), exporting the library as BibTeX, and the
// controls of "For your library".

import { IMPORT_ACCEPT } from './library-files.js';
import { h } from './render.js';

/** @typedef {import('./library-store.js').LibraryItem} LibraryItem */
/** @typedef {import('./library-store.js').LibraryState} LibraryState */
/** @typedef {import('./library-store.js').UnmatchedEntry} UnmatchedEntry */

/** @type {Record<string, string>} */
const HOW = {
  saved: 'saved from the results',
  id: 'imported, matched by id',
  doi: 'imported, matched by DOI',
  arxiv_id: 'imported, matched by arXiv id',
  title: 'imported, matched by title',
  embedded: 'imported, not in the index: recommended from its abstract',
};

/**
 * The library's papers and imported entries that matched nothing, with the import controls.
 * @param {LibraryState} library
 * @param {{href: (id: string) => string, lastImport: string}} options
 */
export function libraryView({ items, unmatched }, { href, lastImport }) {
  return [
    h(
      'div',
      { class: 'library-head' },
      h('h2', { id: 'library-heading', tabindex: '-1' }, `Your library (${items.length})`),
      h(
        'p',
        { class: 'library-tools' },
        h(
          'a',
          { href: '?view=foryou', 'data-view': 'foryou', class: 'button primary' },
          'For your library →',
        ),
        h(
          'button',
          { type: 'button', 'data-export-bibtex': '', disabled: items.length === 0 },
          'Export BibTeX',
        ),
      ),
    ),
    importBox(lastImport),
    items.length
      ? h(
          'ol',
          { class: 'library-list', 'aria-labelledby': 'library-heading', 'data-nav-list': '' },
          ...items.map((item) => libraryItem(item, href)),
        )
      : h(
          'p',
          { class: 'empty' },
          'Nothing saved yet: press Save on a paper, or import a .bib or .ris file.',
        ),
    unmatched.length ? unmatchedList(unmatched) : null,
  ].filter((node) => node !== null);
}

/** @param {string} lastImport */
function importBox(lastImport) {
  const input = h('input', {
    type: 'file',
    id: 'import-file',
    accept: IMPORT_ACCEPT,
    'data-import': '',
  });
  return h(
    'div',
    { class: 'import-box' },
    h('label', { for: 'import-file' }, 'Import a .bib or .ris file '),
    input,
    h(
      'p',
      { class: 'hint-line' },
      'Or drop the file anywhere on the page. Its entries are matched to papers here by DOI, arXiv id or title; entries not here are recommended from their abstracts.',
    ),
    h(
      'p',
      { id: 'import-status', class: 'import-status', role: 'status', 'aria-live': 'polite' },
      lastImport ?? '',
    ),
  );
}

/**
 * @param {LibraryItem} item
 * @param {(id: string) => string} href
 */
function libraryItem(item, href) {
  const title = item.id
    ? h('a', { href: href(item.id), 'data-paper': item.id, 'data-nav': '' }, item.title)
    : h('span', {}, item.title);
  return h(
    'li',
    { class: 'library-item', 'data-id': item.id ?? '' },
    h(
      'div',
      {},
      h('p', { class: 'library-title' }, title),
      h('p', { class: 'meta' }, [HOW[item.how] ?? item.how, item.file].filter(Boolean).join(' · ')),
    ),
    item.id
      ? h(
          'button',
          {
            type: 'button',
            class: 'quiet',
            'data-remove': item.id,
            'aria-label': `Remove “${item.title}” from your library`,
          },
          'Remove',
        )
      : null,
  );
}

/** @param {UnmatchedEntry[]} unmatched */
function unmatchedList(unmatched) {
  return h(
    'section',
    { class: 'unmatched', 'aria-labelledby': 'unmatched-heading' },
    h('h3', { id: 'unmatched-heading' }, `Not imported (${unmatched.length})`),
    h(
      'ul',
      {},
      ...unmatched.map((entry) =>
        h(
          'li',
          {},
          h('span', { class: 'where' }, entry.line ? `${entry.file}:${entry.line}` : entry.file),
          entry.reference ? ' ' : null,
          entry.reference ? h('span', { class: 'reference' }, entry.reference) : null,
          ' — ',
          entry.reason,
        ),
      ),
    ),
  );
}

/**
 * "For your library": the date recommendations must be newer than, and a way back.
 * @param {import('./url-state.js').ViewState} state
 * @param {number} count  papers in the library
 */
export function forYouControls(state, count) {
  return h(
    'form',
    { id: 'foryou-form', class: 'foryou-form', 'aria-label': 'Recommendations for your library' },
    h('h2', { id: 'foryou-heading', tabindex: '-1' }, `For your library (${count})`),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'since' }, 'New since'),
      h('input', { id: 'since', name: 'since', type: 'date', value: state.since }),
    ),
    h('a', { href: '?view=library', 'data-view': 'library' }, 'Your library'),
  );
}
