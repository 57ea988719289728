// @ts-check
// The reader's library, kept in this browser (localStorage) and nowhere else: papers saved
// from results and paper views, and references imported from .bib or .ris files, with the
// imported entries that matched nothing and why.

const KEY = 'paper-search.library.v1';

/**
 * @typedef {object} LibraryItem
 * @property {string|null} id   the index's paper id; null for a reference embedded from its abstract
 * @property {string} title
 * @property {string} [abstract] for an embedded reference: sent again with each recommendation
 * @property {string[]} [authors]
 * @property {string|null} [published]
 * @property {string|null} [venue]
 * @property {'saved'|'doi'|'arxiv_id'|'title'|'id'|'embedded'} how how it entered the library
 * @property {string} [file] the file it was imported from
 */

/** @typedef {import('./api.js').Unmatched} Unmatched */
/** @typedef {Omit<Unmatched, 'index'> & {file: string}} UnmatchedEntry  one not imported, and from where */
/** @typedef {{items: LibraryItem[], unmatched: UnmatchedEntry[]}} LibraryState */

/** @returns {LibraryState} */
function load() {
  try {
    const stored = JSON.parse(localStorage.getItem(KEY) ?? 'null');
    if (stored && Array.isArray(stored.items) && Array.isArray(stored.unmatched)) return stored;
  } catch {
    // A damaged entry starts an empty library rather than breaking the page.
  }
  return { items: [], unmatched: [] };
}

let state = load();
/** @type {Set<(state: LibraryState) => void>} */
const listeners = new Set();

function commit() {
  localStorage.setItem(KEY, JSON.stringify(state));
  for (const listener of listeners) listener(state);
}

/**
 * A key per item: its paper id, or its title for an embedded reference.
 * @param {LibraryItem} item
 */
const keyOf = (item) => (item.id ? `id:${item.id}` : `title:${item.title.toLowerCase()}`);

export const library = {
  get items() {
    return state.items;
  },
  get unmatched() {
    return state.unmatched;
  },
  /** @param {string} id */
  has: (id) => state.items.some((item) => item.id === id),
  /**
   * Adds items not there yet (by key); returns how many were new.
   * @param {LibraryItem[]} items
   */
  add(items) {
    const known = new Set(state.items.map(keyOf));
    const fresh = [];
    for (const item of items) {
      if (known.has(keyOf(item))) continue;
      known.add(keyOf(item));
      fresh.push(item);
    }
    state = { ...state, items: [...state.items, ...fresh] };
    commit();
    return fresh.length;
  },
  /** @param {string} id */
  remove(id) {
    state = { ...state, items: state.items.filter((item) => item.id !== id) };
    commit();
  },
  /**
   * Replaces the unmatched entries of `file` (a re-import reports afresh).
   * @param {string} file
   * @param {Unmatched[]} entries
   */
  setUnmatched(file, entries) {
    const others = state.unmatched.filter((entry) => entry.file !== file);
    state = { ...state, unmatched: [...others, ...entries.map((entry) => ({ ...entry, file }))] };
    commit();
  },
  clear() {
    state = { items: [], unmatched: [] };
    commit();
  },
  /**
   * The library as `POST /recommend` takes it: ids, and embedded references as records.
   * @returns {Array<string | {title: string, abstract: string}>}
   */
  references() {
    return state.items.map((item) =>
      item.id ? item.id : { title: item.title, abstract: item.abstract ?? '' },
    );
  },
  /** @param {(state: LibraryState) => void} listener */
  onChange(listener) {
    listeners.add(listener);
  },
};

// Another tab changed the library: follow it.
window.addEventListener('storage', (event) => {
  if (event.key !== KEY) return;
  state = load();
  for (const listener of listeners) listener(state);
});
