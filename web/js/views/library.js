// @ts-check
// The library views: the papers kept in this browser (saved, or imported from .bib and .ris
// files) and "For your library", recommendations made from them.

import { api } from '../api.js';
import { download, importLibraryFile, isLibraryFile, libraryAsBibtex } from '../library-files.js';
import { library } from '../library-store.js';
import { forYouControls, libraryView } from '../library-view.js';
import { els, session, showError, showResultsError } from '../page.js';
import { h, setSaved } from '../render.js';
import { filterBody, toSearch } from '../url-state.js';
import { renderResults, RESULTS_K } from './search.js';

/** @typedef {import('../page.js').PaneLoader} PaneLoader */
/** @typedef {import('../url-state.js').ViewState} ViewState */

/** @param {ViewState} state */
export function showLibrary(state) {
  showError(null);
  els.status.textContent = '';
  els.results.replaceChildren(
    ...libraryView(library, {
      href: (id) => toSearch({ ...state, paper: id }),
      lastImport: session.lastImport,
    }),
  );
}

/**
 * Papers like the library, new since the state's date when it has one.
 * @param {ViewState} state
 * @param {PaneLoader} pane
 */
export async function loadForYou(state, pane) {
  const controls = forYouControls(state, library.items.length);
  if (library.items.length === 0) {
    pane.abort();
    els.results.replaceChildren(
      controls,
      h(
        'p',
        { class: 'empty' },
        'Your library is empty: save papers, or import a .bib or .ris file.',
      ),
    );
    els.status.textContent = '';
    return;
  }
  const filters = { ...filterBody(state), ...(state.since ? { since: state.since } : {}) };
  await pane.run({
    fetch: (signal) =>
      api.recommend(
        {
          library: library.references(),
          k: RESULTS_K,
          mode: state.mode,
          filters: Object.keys(filters).length ? filters : undefined,
        },
        signal,
      ),
    show: (body) => {
      showError(null);
      renderResults(state, body);
      els.results.prepend(controls);
      const since = state.since ? ` new since ${state.since}` : '';
      els.status.textContent = `${body.results.length} papers${since} like the ${body.library.length} in your library`;
    },
    fail: (error) =>
      showResultsError('Could not recommend papers for your library', error, controls),
  });
}

/**
 * "Save" pressed: the paper joins the library, or leaves it when it was there.
 * @param {string} id
 */
export function toggleSaved(id) {
  if (library.has(id)) {
    library.remove(id);
    return;
  }
  const paper = session.shown.get(id);
  if (!paper) return;
  const { title, authors, published, venue } = paper;
  library.add([{ id, title, authors, published, venue: venue ?? null, how: 'saved' }]);
}

/**
 * Brings save buttons, the count and an open library view in line with the library.
 * @param {ViewState} state  the view shown now
 */
export function showLibraryChange(state) {
  els.libraryCount.textContent = String(library.items.length);
  for (const button of /** @type {NodeListOf<HTMLButtonElement>} */ (
    document.querySelectorAll('button[data-save]')
  )) {
    setSaved(button, library.has(button.dataset.save ?? ''));
  }
  if (state.view === 'library' && !state.graph) showLibrary(state);
}

/**
 * Imports dropped or picked files into the library, one after the other, and shows the
 * library with what each import did.
 * @param {FileList | File[]} files
 * @param {{open: () => void, current: () => ViewState}} views  opens the library view; the
 *   view shown now (the reader may move on while a file is read)
 */
export async function importFiles(files, views) {
  const usable = [...files].filter(isLibraryFile);
  if (usable.length === 0) {
    showError('Could not import', { message: 'drop or pick a .bib or .ris file' });
    return;
  }
  views.open();
  for (const file of usable) {
    const status = document.getElementById('import-status');
    if (status) status.textContent = `Importing ${file.name}…`;
    try {
      const { added, matched, embedded, unmatched } = await importLibraryFile(file);
      session.lastImport =
        `${file.name}: ${added} added (${matched} found here, ${embedded} from their abstracts)` +
        (unmatched ? `, ${unmatched} not imported` : '');
      showError(null);
    } catch (error) {
      session.lastImport = '';
      showError(`Could not import ${file.name}`, error);
    }
  }
  const now = views.current();
  if (now.view === 'library' && !now.graph) showLibrary(now);
}

/** Offers the library as a BibTeX file. */
export async function exportLibrary() {
  try {
    download('library.bib', 'application/x-bibtex', await libraryAsBibtex());
  } catch (error) {
    showError('Could not export the library', error);
  }
}
