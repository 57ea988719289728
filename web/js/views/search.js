// @ts-check
// The search view: results for the query or for "more like these", the status line that
// describes them, and the prompt shown before anything is asked.

import { api } from '../api.js';
import { queryTerms } from '../highlight.js';
import { library } from '../library-store.js';
import { describeFilters, els, remember, session, showError, showResultsError } from '../page.js';
import { h, resultList } from '../render.js';
import { filterBody, filterParams, toSearch } from '../url-state.js';

/** @typedef {import('../api.js').Ranked} Ranked */
/** @typedef {import('../page.js').PaneLoader} PaneLoader */
/** @typedef {import('../url-state.js').ViewState} ViewState */

export const RESULTS_K = 20;

/**
 * Searches for the state's query, or finds papers like its selection.
 * @param {ViewState} state
 * @param {PaneLoader} pane
 */
export async function loadSearch(state, pane) {
  if (!state.q.trim() && state.like.length === 0) {
    pane.abort();
    showIdle();
    return;
  }
  // The one mistake the form allows; said in its own words rather than the API's.
  if (state.yearFrom && state.yearTo && Number(state.yearFrom) > Number(state.yearTo)) {
    pane.abort();
    showResultsError('Check the filters', { message: '"From year" is after "To year".' });
    return;
  }
  await pane.run({
    fetch: (signal) =>
      state.like.length
        ? api.recommend(
            { positive: state.like, k: RESULTS_K, mode: state.mode, filters: filterBody(state) },
            signal,
          )
        : api.search(searchParams(state), signal),
    show: (body) => {
      showError(null);
      renderResults(state, body);
    },
    fail: (error) =>
      showResultsError(
        state.like.length ? 'Could not find similar papers' : 'Search failed',
        error,
      ),
  });
}

/** @param {ViewState} state */
function searchParams(state) {
  const params = new URLSearchParams({ q: state.q.trim(), k: String(RESULTS_K) });
  params.set('mode', state.mode);
  params.set('explain', 'true');
  for (const [name, value] of filterParams(state)) params.append(name, value);
  return params;
}

/**
 * The result list, with the status line saying what it holds.
 * @param {ViewState} state
 * @param {Ranked} body
 */
export function renderResults(state, body) {
  remember(body.results);
  const list = resultList(
    body.results,
    {
      href: (id) => toSearch({ ...state, paper: id }),
      terms: state.like.length ? [] : queryTerms(state.q),
      isSelected: (id) => session.selected.has(id),
      isSaved: library.has,
      current: state.paper,
    },
    { class: 'results', 'aria-label': 'Results', 'data-nav-list': '' },
  );
  els.results.replaceChildren(
    list ?? h('p', { class: 'empty' }, 'No papers found. Try other words or fewer filters.'),
  );
  els.status.textContent = describeResults(state, body.results.length);
}

/**
 * @param {ViewState} state
 * @param {number} count
 */
function describeResults(state, count) {
  const papers = `${count} ${count === 1 ? 'paper' : 'papers'}`;
  const subject = state.like.length
    ? `${papers} like the ${state.like.length} selected`
    : `${count} ${count === 1 ? 'result' : 'results'} for “${state.q.trim()}”`;
  const filters = describeFilters(state);
  return filters.length ? `${subject} · ${filters.join(' · ')}` : subject;
}

/** The prompt before a search: how many papers there are, and the keys that help. */
export function showIdle() {
  els.results.replaceChildren(
    h(
      'p',
      { class: 'intro' },
      session.indexSize === null
        ? 'Type to search the papers.'
        : `Type to search ${session.indexSize} papers.`,
      ' Press ',
      h('kbd', {}, '/'),
      ' to jump to the search box, the arrow keys to move through results.',
    ),
  );
  els.status.textContent = '';
  showError(null);
}

/**
 * Marks the open paper among the results (list items and map nodes).
 * @param {string} id
 */
export function markCurrent(id) {
  for (const item of els.results.querySelectorAll('li[data-id]')) {
    if (/** @type {HTMLElement} */ (item).dataset.id === id)
      item.setAttribute('aria-current', 'true');
    else item.removeAttribute('aria-current');
  }
  for (const node of els.results.querySelectorAll('svg.map a[data-paper-id]')) {
    node.classList.toggle('current', /** @type {SVGElement} */ (node).dataset.paperId === id);
  }
}

/**
 * Focuses the result that opens `id`, or the search box when it is not shown.
 * @param {string} id
 */
export function focusResult(id) {
  const links = /** @type {HTMLAnchorElement[]} */ ([
    ...els.results.querySelectorAll('a[data-paper]'),
  ]);
  (links.find((a) => a.dataset.paper === id) ?? els.q).focus();
}
