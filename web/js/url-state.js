// @ts-check
// What the page shows, as plain data, and its spelling in the address bar: every view can be
// shared, bookmarked and reached again with back/forward.

export const MODES = ['hybrid', 'semantic', 'lexical'];
export const DEFAULT_MODE = 'hybrid';

/**
 * @typedef {object} ViewState
 * @property {string} q        the query text
 * @property {string} mode     one of MODES
 * @property {string} yearFrom a year, or '' for no bound
 * @property {string} yearTo   a year, or '' for no bound
 * @property {string} category a category, or '' for any
 * @property {string[]} like   papers whose "more like these" is shown instead of a search
 * @property {string} paper    the paper open in the paper view, or ''
 * @property {string} graph    the paper whose map of related work is shown, or ''
 * @property {string} view     '' (search), 'library' or 'foryou' (recommendations for the library)
 * @property {string} since    "new since" for the recommendations, YYYY-MM-DD, or ''
 */

export const VIEWS = ['library', 'foryou'];

/** @param {string | null} value */
const year = (value) => (/^\d{1,4}$/.test(value ?? '') ? String(Number(value)) : '');
/** @param {string | null} value */
const date = (value) => (value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : '');

/**
 * @param {string} search  the address bar's query string
 * @returns {ViewState}
 */
export function readState(search) {
  const params = new URLSearchParams(search);
  const mode = params.get('mode') ?? '';
  const view = params.get('view') ?? '';
  return {
    q: params.get('q') ?? '',
    mode: MODES.includes(mode) ? mode : DEFAULT_MODE,
    yearFrom: year(params.get('year_from')),
    yearTo: year(params.get('year_to')),
    category: (params.get('category') ?? '').trim(),
    like: [...new Set(params.getAll('like').filter(Boolean))],
    paper: params.get('paper') ?? '',
    graph: params.get('graph') ?? '',
    view: VIEWS.includes(view) ? view : '',
    since: date(params.get('since')),
  };
}

/**
 * The address-bar query string: empty fields and the default mode are left out.
 * @param {ViewState} state
 */
export function toSearch(state) {
  const params = new URLSearchParams();
  if (state.view) params.set('view', state.view);
  if (state.graph) params.set('graph', state.graph);
  if (state.since) params.set('since', state.since);
  if (state.q.trim()) params.set('q', state.q.trim());
  for (const id of state.like) params.append('like', id);
  if (state.mode !== DEFAULT_MODE) params.set('mode', state.mode);
  if (state.yearFrom) params.set('year_from', state.yearFrom);
  if (state.yearTo) params.set('year_to', state.yearTo);
  if (state.category) params.set('category', state.category);
  if (state.paper) params.set('paper', state.paper);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * Whether two states show the same result list (the open paper aside).
 * @param {ViewState} a
 * @param {ViewState} b
 */
export function sameResults(a, b) {
  return (
    a.q.trim() === b.q.trim() &&
    a.mode === b.mode &&
    a.yearFrom === b.yearFrom &&
    a.yearTo === b.yearTo &&
    a.category === b.category &&
    a.like.join('\n') === b.like.join('\n') &&
    a.graph === b.graph &&
    a.view === b.view &&
    a.since === b.since
  );
}

/**
 * The filters as `/search` and `/papers/:id/related` take them.
 * @param {ViewState} state
 */
export function filterParams(state) {
  const params = new URLSearchParams();
  if (state.yearFrom) params.set('year_from', state.yearFrom);
  if (state.yearTo) params.set('year_to', state.yearTo);
  if (state.category) params.set('category', state.category);
  return params;
}

/**
 * @typedef {object} FilterBody
 * @property {number} [year_from]
 * @property {number} [year_to]
 * @property {string[]} [categories]
 * @property {string} [since]
 */

/**
 * The filters as the POST bodies take them; undefined when there are none.
 * @param {ViewState} state
 * @returns {FilterBody | undefined}
 */
export function filterBody(state) {
  /** @type {FilterBody} */
  const filters = {};
  if (state.yearFrom) filters.year_from = Number(state.yearFrom);
  if (state.yearTo) filters.year_to = Number(state.yearTo);
  if (state.category)
    filters.categories = state.category
      .split(',')
      .map((c) => c.trim())
      .filter(Boolean);
  return Object.keys(filters).length ? filters : undefined;
}
