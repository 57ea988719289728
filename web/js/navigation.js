// @ts-check
// The address bar holds the view (query, filters, mode, open paper); every change goes through
// navigate(), and show() brings the page in line with a view by loading only what changed.

import { describeFilters, els, paneLoader, updateTitle } from './page.js';
import { DEFAULT_MODE, readState, sameResults, toSearch } from './url-state.js';
import { loadForYou, showLibrary } from './views/library.js';
import { loadMap } from './views/map.js';
import { loadPaper } from './views/paper.js';
import { focusResult, loadSearch, markCurrent } from './views/search.js';

/** @typedef {import('./url-state.js').ViewState} ViewState */

/** Searches typed closer together than this share one history entry. */
const TYPING_BURST_MS = 2000;

let view = readState(location.search);
const resultsPane = paneLoader(els.results);
const paperPane = paneLoader(els.paper);

/** The view shown now. */
export const currentView = () => view;

/**
 * Moves to `next` with a new history entry, except while typing: searches typed in one burst
 * share an entry, so Back returns to the previous search rather than the previous word.
 * @param {ViewState} next
 * @param {{typing?: boolean, focusPaper?: boolean}} [options]
 */
export function navigate(next, { typing = false, focusPaper = false } = {}) {
  const previous = view;
  view = next;
  const search = toSearch(next);
  if (search !== location.search) {
    const url = search || location.pathname;
    const entry = { typedAt: typing ? Date.now() : null };
    const typedAt = history.state?.typedAt;
    if (typing && typedAt && Date.now() - typedAt < TYPING_BURST_MS) {
      history.replaceState(entry, '', url);
    } else {
      history.pushState(entry, '', url);
    }
  }
  show(previous, next, { focusPaper });
}

/**
 * Brings the page from `previous` to `next`: the results only when they differ, the paper
 * only when another is open. `force` loads both (the first view).
 * @param {ViewState} previous
 * @param {ViewState} next
 * @param {{force?: boolean, focusPaper?: boolean}} [options]
 */
export function show(previous, next, { force = false, focusPaper = false } = {}) {
  syncForm(next);
  document.body.classList.toggle('paper-open', Boolean(next.paper));
  if (force || !sameResults(previous, next)) void loadResults(next);
  else markCurrent(next.paper);
  if (force || previous.paper !== next.paper) {
    void loadPaper(next, paperPane, { focus: focusPaper });
  }
  updateTitle(next);
}

/**
 * Back and forward show the view the address bar now holds.
 * @param {() => void} beforeShow  called first (a pending typed search is dropped)
 */
export function followHistory(beforeShow) {
  window.addEventListener('popstate', () => {
    beforeShow();
    const previous = view;
    view = readState(location.search);
    show(previous, view);
    // Back from a paper: put focus on the result it was opened from.
    if (previous.paper && !view.paper) focusResult(previous.paper);
  });
}

/** Closes the open paper; returns whether one was open. */
export function closePaper() {
  const id = view.paper;
  if (!id) return false;
  navigate({ ...view, paper: '' });
  focusResult(id);
  return true;
}

/** @param {ViewState} state */
function loadResults(state) {
  if (state.graph) return loadMap(state, resultsPane);
  if (state.view === 'foryou') return loadForYou(state, resultsPane);
  if (state.view !== 'library') return loadSearch(state, resultsPane);
  resultsPane.abort();
  showLibrary(state);
  return Promise.resolve();
}

/** @param {ViewState} state */
function syncForm(state) {
  if (els.q.value.trim() !== state.q.trim()) els.q.value = state.q;
  setValue(els.yearFrom, state.yearFrom);
  setValue(els.yearTo, state.yearTo);
  setValue(els.category, state.category);
  const mode = /** @type {HTMLInputElement | null} */ (
    els.filters.querySelector(`input[name="mode"][value="${state.mode}"]`)
  );
  if (mode) mode.checked = true;
  // What the folded filter panel (on a phone) would show if opened.
  const active = [state.mode === DEFAULT_MODE ? '' : mode?.parentElement?.textContent?.trim()]
    .concat(describeFilters(state))
    .filter(Boolean);
  els.filterSummary.textContent = active.length ? `· ${active.join(' · ')}` : '';
}

/**
 * Leaves a field alone while it holds the same value differently spelled ("2020" vs "02020").
 * @param {HTMLInputElement} input
 * @param {string} value
 */
function setValue(input, value) {
  if (input.value.trim() !== value && String(Number(input.value) || '') !== value) {
    input.value = value;
  }
}
