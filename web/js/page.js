// @ts-check
// What every view of the page shares: its fixed elements, the papers shown and selected, the
// error line, the document title, and the one way a pane loads from the API (the previous
// load aborted, the pane marked busy, a failure shown unless the load was superseded).

/** @typedef {import('./api.js').PaperSummary} PaperSummary */
/** @typedef {import('./url-state.js').ViewState} ViewState */

/**
 * An element of the page by id, of the type the page's markup gives it.
 * @template {HTMLElement} [E=HTMLElement]
 * @param {string} id
 * @returns {E}
 */
export function byId(id) {
  const element = document.getElementById(id);
  if (!element) throw new Error(`the page has no #${id}`);
  return /** @type {E} */ (element);
}

export const els = {
  form: byId('search-form'),
  q: /** @type {HTMLInputElement} */ (byId('q')),
  filters: byId('filters'),
  filterPanel: /** @type {HTMLDetailsElement} */ (byId('filter-panel')),
  filterSummary: byId('filter-summary'),
  yearFrom: /** @type {HTMLInputElement} */ (byId('year-from')),
  yearTo: /** @type {HTMLInputElement} */ (byId('year-to')),
  category: /** @type {HTMLInputElement} */ (byId('category')),
  status: byId('status'),
  error: byId('error'),
  results: byId('results'),
  paper: byId('paper'),
  selection: byId('selection'),
  selectionCount: byId('selection-count'),
  indexInfo: byId('index-info'),
  libraryCount: byId('library-count'),
};

/** What the page knows beyond the address bar. */
export const session = {
  /** Papers picked for "more like these"; kept across searches until cleared. */
  selected: /** @type {Set<string>} */ (new Set()),
  /** Papers shown on the page, by id: what "Save" keeps of them. */
  shown: /** @type {Map<string, PaperSummary>} */ (new Map()),
  /** The index's paper count once /stats answered, for the idle prompt. */
  indexSize: /** @type {number | null} */ (null),
  /** What the last import did, shown in the library view. */
  lastImport: '',
};

/** @param {PaperSummary[]} papers */
export function remember(papers) {
  for (const paper of papers) session.shown.set(paper.id, paper);
}

/**
 * @param {string} context
 * @param {unknown} error
 */
export function errorText(context, error) {
  const { message, status } = /** @type {{message?: string, status?: number}} */ (
    error instanceof Object ? error : {}
  );
  return `${context}: ${message ?? String(error)}${status ? ` (HTTP ${status})` : ''}`;
}

/**
 * Shows `context: what went wrong` in the error line; `showError(null)` clears it.
 * @param {string | null} context
 * @param {unknown} [error]
 */
export function showError(context, error) {
  els.error.hidden = !context;
  els.error.textContent = context ? errorText(context, error) : '';
}

/**
 * The result pane emptied (but for `keep`) with the error shown: what a failed load leaves.
 * @param {string} context
 * @param {unknown} error
 * @param {Node[]} keep
 */
export function showResultsError(context, error, ...keep) {
  els.results.replaceChildren(...keep);
  els.status.textContent = '';
  showError(context, error);
}

/**
 * @template T
 * @typedef {object} Load
 * @property {(signal: AbortSignal) => Promise<T>} fetch  the API calls, aborted when superseded
 * @property {(data: T) => void} show  renders what came back, if the load is still current
 * @property {(error: unknown) => void} fail  shows a failure that was not an abort
 */

/**
 * One pane's loads: each aborts the one before it, the pane is `aria-busy` while one runs, and
 * an answer or failure that arrives after a newer load started is dropped.
 * @param {HTMLElement} pane
 */
export function paneLoader(pane) {
  /** @type {AbortController | null} */
  let current = null;
  /** @param {AbortController} request */
  const finish = (request) => {
    if (current !== request) return;
    current = null;
    pane.removeAttribute('aria-busy');
  };
  return {
    /** Stops the load in flight, if any (the pane then shows something else). */
    abort() {
      if (!current) return;
      current.abort();
      finish(current);
    },
    /**
     * @template T
     * @param {Load<T>} load
     */
    async run({ fetch, show, fail }) {
      this.abort();
      const request = (current = new AbortController());
      pane.setAttribute('aria-busy', 'true');
      try {
        const data = await fetch(request.signal);
        if (!request.signal.aborted) show(data);
      } catch (error) {
        const aborted = error instanceof Error && error.name === 'AbortError';
        if (!request.signal.aborted && !aborted) fail(error);
      } finally {
        finish(request);
      }
    },
  };
}

/** @typedef {ReturnType<typeof paneLoader>} PaneLoader */

/**
 * @param {ViewState} state
 * @returns {string[]} the year range and category, as the status line shows them
 */
export function describeFilters(state) {
  return [
    state.yearFrom || state.yearTo ? `${state.yearFrom || '…'}–${state.yearTo || '…'}` : '',
    state.category,
  ].filter(Boolean);
}

/** @type {Record<string, string>} */
const VIEW_TITLES = { library: 'Your library', foryou: 'For your library' };

/** @param {ViewState} state */
export function updateTitle(state) {
  const paperTitle = state.paper ? els.paper.querySelector('#paper-title')?.textContent : null;
  const topic =
    paperTitle ||
    (state.graph ? 'Map of related work' : '') ||
    VIEW_TITLES[state.view] ||
    (state.like.length ? 'More like these' : state.q.trim());
  document.title = topic ? `${topic} · Paper search` : 'Paper search';
}
