// The search page: the address bar holds the view (query, filters, mode, open paper), every
// change goes through navigate(), and show() brings the page in line with a view by fetching
// only what changed.

import { api } from './js/api.js';
import { queryTerms } from './js/highlight.js';
import { installKeyboard } from './js/keyboard.js';
import { download, importLibraryFile, isLibraryFile, libraryAsBibtex } from './js/library-files.js';
import { library } from './js/library-store.js';
import { forYouControls, libraryView } from './js/library-view.js';
import { relatedMap } from './js/related-map.js';
import { closeButton, h, paperView, resultList, setSaved } from './js/render.js';
import {
  DEFAULT_MODE,
  filterBody,
  filterParams,
  readState,
  sameResults,
  toSearch,
} from './js/url-state.js';

const RESULTS_K = 20;
const RELATED_K = 8;
const MAP_SIZE = 30;
/** Long enough to skip the keystrokes of a word, short enough to feel instant. */
const TYPING_DEBOUNCE_MS = 250;
/** Searches typed closer together than this share one history entry. */
const TYPING_BURST_MS = 2000;

const byId = (id) => document.getElementById(id);
const els = {
  form: byId('search-form'),
  q: byId('q'),
  filters: byId('filters'),
  filterPanel: byId('filter-panel'),
  filterSummary: byId('filter-summary'),
  yearFrom: byId('year-from'),
  yearTo: byId('year-to'),
  category: byId('category'),
  status: byId('status'),
  error: byId('error'),
  results: byId('results'),
  paper: byId('paper'),
  selection: byId('selection'),
  selectionCount: byId('selection-count'),
  indexInfo: byId('index-info'),
  libraryCount: byId('library-count'),
};

let view = readState(location.search);
/** Papers picked for "more like these"; kept across searches until cleared. */
const selected = new Set();
let resultsRequest = null;
let paperRequest = null;
let indexSize = null;
/** Papers shown on the page, by id: what "Save" keeps of them. */
const shown = new Map();
/** What the last import did, shown in the library view. */
let lastImport = '';

// ---- navigation ----

/**
 * Moves to `next` with a new history entry, except while typing: searches typed in one burst
 * share an entry, so Back returns to the previous search rather than the previous word.
 */
function navigate(next, { typing = false, focusPaper = false } = {}) {
  const previous = view;
  view = next;
  const search = toSearch(next);
  if (search !== location.search) {
    const url = search || location.pathname;
    const entry = { typedAt: typing ? Date.now() : null };
    const typedAt = history.state?.typedAt;
    if (typing && typedAt && entry.typedAt - typedAt < TYPING_BURST_MS) {
      history.replaceState(entry, '', url);
    } else {
      history.pushState(entry, '', url);
    }
  }
  show(previous, next, { focusPaper });
}

function show(previous, next, { force = false, focusPaper = false } = {}) {
  syncForm(next);
  document.body.classList.toggle('paper-open', Boolean(next.paper));
  if (force || !sameResults(previous, next)) void loadResults(next);
  else markCurrent(next.paper);
  if (force || previous.paper !== next.paper) void loadPaper(next, { focus: focusPaper });
  updateTitle(next);
}

window.addEventListener('popstate', () => {
  clearTimeout(formTimer);
  const previous = view;
  view = readState(location.search);
  show(previous, view);
  // Back from a paper: put focus on the result it was opened from.
  if (previous.paper && !view.paper) focusResult(previous.paper);
});

function syncForm(state) {
  if (els.q.value.trim() !== state.q.trim()) els.q.value = state.q;
  setValue(els.yearFrom, state.yearFrom);
  setValue(els.yearTo, state.yearTo);
  setValue(els.category, state.category);
  const mode = els.filters.querySelector(`input[name="mode"][value="${state.mode}"]`);
  if (mode) mode.checked = true;
  // What the folded filter panel (on a phone) would show if opened.
  const active = [state.mode === DEFAULT_MODE ? '' : mode?.parentElement.textContent.trim()]
    .concat(describeFilters(state))
    .filter(Boolean);
  els.filterSummary.textContent = active.length ? `· ${active.join(' · ')}` : '';
}

/** Leaves a field alone while it holds the same value differently spelled ("2020" vs "02020"). */
function setValue(input, value) {
  if (input.value.trim() !== value && String(Number(input.value) || '') !== value) {
    input.value = value;
  }
}

const VIEW_TITLES = { library: 'Your library', foryou: 'For your library' };

function updateTitle(state) {
  const paperTitle = state.paper ? els.paper.querySelector('#paper-title')?.textContent : null;
  const topic =
    paperTitle ||
    (state.graph ? 'Map of related work' : '') ||
    VIEW_TITLES[state.view] ||
    (state.like.length ? 'More like these' : state.q.trim());
  document.title = topic ? `${topic} · Paper search` : 'Paper search';
}

// ---- results ----

function searchParams(state) {
  const params = new URLSearchParams({ q: state.q.trim(), k: String(RESULTS_K) });
  params.set('mode', state.mode);
  params.set('explain', 'true');
  for (const [name, value] of filterParams(state)) params.append(name, value);
  return params;
}

async function loadResults(state) {
  resultsRequest?.abort();
  const request = (resultsRequest = new AbortController());
  if (state.graph) return loadMap(state, request);
  if (state.view === 'library') return showLibrary();
  if (state.view === 'foryou') return loadForYou(state, request);
  const query = state.q.trim();
  if (!query && state.like.length === 0) {
    showIdle();
    return;
  }
  // The one mistake the form allows; said in its own words rather than the API's.
  if (state.yearFrom && state.yearTo && Number(state.yearFrom) > Number(state.yearTo)) {
    els.results.replaceChildren();
    els.status.textContent = '';
    showError('Check the filters', { message: '"From year" is after "To year".' });
    return;
  }
  els.results.setAttribute('aria-busy', 'true');
  try {
    const body = state.like.length
      ? await api.recommend(
          { positive: state.like, k: RESULTS_K, mode: state.mode, filters: filterBody(state) },
          request.signal,
        )
      : await api.search(searchParams(state), request.signal);
    if (request.signal.aborted) return;
    showError(null);
    renderResults(state, body);
  } catch (error) {
    if (request.signal.aborted || error.name === 'AbortError') return;
    els.results.replaceChildren();
    els.status.textContent = '';
    showError(state.like.length ? 'Could not find similar papers' : 'Search failed', error);
  } finally {
    if (resultsRequest === request) els.results.removeAttribute('aria-busy');
  }
}

function remember(papers) {
  for (const paper of papers) shown.set(paper.id, paper);
}

function renderResults(state, body) {
  remember(body.results);
  const list = resultList(
    body.results,
    {
      href: (id) => toSearch({ ...state, paper: id }),
      terms: state.like.length ? [] : queryTerms(state.q),
      isSelected: (id) => selected.has(id),
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

function describeResults(state, count) {
  const papers = `${count} ${count === 1 ? 'paper' : 'papers'}`;
  const subject = state.like.length
    ? `${papers} like the ${state.like.length} selected`
    : `${count} ${count === 1 ? 'result' : 'results'} for “${state.q.trim()}”`;
  const filters = describeFilters(state);
  return filters.length ? `${subject} · ${filters.join(' · ')}` : subject;
}

function describeFilters(state) {
  return [
    state.yearFrom || state.yearTo ? `${state.yearFrom || '…'}–${state.yearTo || '…'}` : '',
    state.category,
  ].filter(Boolean);
}

// ---- map of related work ----

async function loadMap(state, request) {
  els.results.setAttribute('aria-busy', 'true');
  try {
    const graph = await api.graph(
      state.graph,
      new URLSearchParams({ size: String(MAP_SIZE) }),
      request.signal,
    );
    if (request.signal.aborted) return;
    showError(null);
    remember(graph.nodes);
    els.results.replaceChildren(
      relatedMap(graph, { href: (id) => toSearch({ ...state, paper: id }), current: state.paper }),
    );
    els.status.textContent = `${graph.nodes.length} papers, ${graph.edges.length} links`;
  } catch (error) {
    if (request.signal.aborted || error.name === 'AbortError') return;
    els.results.replaceChildren();
    els.status.textContent = '';
    showError('Could not draw the map', error);
  } finally {
    if (resultsRequest === request) els.results.removeAttribute('aria-busy');
  }
}

// ---- library ----

function showLibrary() {
  showError(null);
  els.status.textContent = '';
  els.results.replaceChildren(
    ...libraryView(library, { href: (id) => toSearch({ ...view, paper: id }), lastImport }),
  );
}

async function loadForYou(state, request) {
  const controls = forYouControls(state, library.items.length);
  if (library.items.length === 0) {
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
  els.results.setAttribute('aria-busy', 'true');
  try {
    const filters = { ...filterBody(state), ...(state.since ? { since: state.since } : {}) };
    const body = await api.recommend(
      {
        library: library.references(),
        k: RESULTS_K,
        mode: state.mode,
        filters: Object.keys(filters).length ? filters : undefined,
      },
      request.signal,
    );
    if (request.signal.aborted) return;
    showError(null);
    renderResults(state, body);
    els.results.prepend(controls);
    const since = state.since ? ` new since ${state.since}` : '';
    els.status.textContent = `${body.results.length} papers${since} like the ${body.library.length} in your library`;
  } catch (error) {
    if (request.signal.aborted || error.name === 'AbortError') return;
    els.results.replaceChildren(controls);
    els.status.textContent = '';
    showError('Could not recommend papers for your library', error);
  } finally {
    if (resultsRequest === request) els.results.removeAttribute('aria-busy');
  }
}

function toggleSaved(id) {
  if (library.has(id)) {
    library.remove(id);
    return;
  }
  const paper = shown.get(id);
  if (!paper) return;
  const { title, authors, published, venue } = paper;
  library.add([{ id, title, authors, published, venue: venue ?? null, how: 'saved' }]);
}

/** Brings save buttons, the count and an open library view in line with the library. */
function showLibraryChange() {
  els.libraryCount.textContent = String(library.items.length);
  for (const button of document.querySelectorAll('button[data-save]')) {
    setSaved(button, library.has(button.dataset.save));
  }
  if (view.view === 'library' && !view.graph) showLibrary();
}

async function importFiles(files) {
  const usable = [...files].filter(isLibraryFile);
  if (usable.length === 0) {
    showError('Could not import', { message: 'drop or pick a .bib or .ris file' });
    return;
  }
  if (view.view !== 'library' || view.graph) navigate({ ...readState(''), view: 'library' });
  const status = () => byId('import-status');
  for (const file of usable) {
    if (status()) status().textContent = `Importing ${file.name}…`;
    try {
      const { added, matched, embedded, unmatched } = await importLibraryFile(file);
      lastImport =
        `${file.name}: ${added} added (${matched} found here, ${embedded} from their abstracts)` +
        (unmatched ? `, ${unmatched} not imported` : '');
      showError(null);
    } catch (error) {
      lastImport = '';
      showError(`Could not import ${file.name}`, error);
    }
  }
  showLibrary();
}

function showIdle() {
  els.results.replaceChildren(
    h(
      'p',
      { class: 'intro' },
      indexSize === null ? 'Type to search the papers.' : `Type to search ${indexSize} papers.`,
      ' Press ',
      h('kbd', {}, '/'),
      ' to jump to the search box, the arrow keys to move through results.',
    ),
  );
  els.status.textContent = '';
  showError(null);
}

function markCurrent(id) {
  for (const item of els.results.querySelectorAll('li[data-id]')) {
    if (item.dataset.id === id) item.setAttribute('aria-current', 'true');
    else item.removeAttribute('aria-current');
  }
  for (const node of els.results.querySelectorAll('svg.map a[data-paper-id]')) {
    node.classList.toggle('current', node.dataset.paperId === id);
  }
}

function focusResult(id) {
  const link = [...els.results.querySelectorAll('a[data-paper]')].find(
    (a) => a.dataset.paper === id,
  );
  (link ?? els.q).focus();
}

// ---- paper view ----

async function loadPaper(state, { focus }) {
  paperRequest?.abort();
  if (!state.paper) {
    els.paper.hidden = true;
    els.paper.replaceChildren();
    return;
  }
  const request = (paperRequest = new AbortController());
  els.paper.hidden = false;
  els.paper.setAttribute('aria-busy', 'true');
  const related = new URLSearchParams({ k: String(RELATED_K), mode: state.mode });
  try {
    const [{ paper }, relatedBody] = await Promise.all([
      api.paper(state.paper, request.signal),
      api.related(state.paper, related, request.signal),
    ]);
    if (request.signal.aborted) return;
    remember([paper, ...relatedBody.results]);
    els.paper.replaceChildren(
      ...paperView(paper, relatedBody, {
        href: (id) => toSearch({ ...view, paper: id }),
        mapHref: (id) => toSearch({ ...readState(''), graph: id, paper: id }),
        terms: queryTerms(state.like.length ? '' : state.q),
        isSelected: (id) => selected.has(id),
        isSaved: library.has,
      }),
    );
    els.paper.scrollTop = 0;
    updateTitle(state);
    if (focus) byId('paper-title')?.focus();
  } catch (error) {
    if (request.signal.aborted || error.name === 'AbortError') return;
    els.paper.replaceChildren(
      closeButton(),
      h('p', { class: 'error', role: 'alert' }, errorText('Could not open the paper', error)),
    );
    if (focus) els.paper.querySelector('[data-close]')?.focus();
  } finally {
    if (paperRequest === request) els.paper.removeAttribute('aria-busy');
  }
}

function closePaper() {
  const id = view.paper;
  if (!id) return false;
  navigate({ ...view, paper: '' });
  focusResult(id);
  return true;
}

// ---- selection ("more like these") ----

function toggleSelected(id, on) {
  if (on) selected.add(id);
  else selected.delete(id);
  for (const box of document.querySelectorAll('input[data-select]')) {
    if (box.dataset.select === id) box.checked = on;
  }
  for (const item of els.results.querySelectorAll('li[data-id]')) {
    if (item.dataset.id === id) item.classList.toggle('selected', on);
  }
  renderSelection();
}

function renderSelection() {
  els.selection.hidden = selected.size === 0;
  els.selectionCount.textContent = `${selected.size} ${selected.size === 1 ? 'paper' : 'papers'} selected`;
}

function clearSelection() {
  for (const id of [...selected]) toggleSelected(id, false);
}

// ---- errors ----

function errorText(context, error) {
  const status = error.status ? ` (HTTP ${error.status})` : '';
  return `${context}: ${error.message ?? error}${status}`;
}

function showError(context, error) {
  els.error.hidden = !context;
  els.error.textContent = context ? errorText(context, error) : '';
}

// ---- events ----

/**
 * The view the form asks for. A changed query starts a new search: it leaves "more like
 * these" and closes the open paper.
 */
function fromForm() {
  const q = els.q.value;
  const next = {
    ...view,
    q,
    mode: els.filters.querySelector('input[name="mode"]:checked')?.value ?? view.mode,
    yearFrom: els.yearFrom.value.trim(),
    yearTo: els.yearTo.value.trim(),
    category: els.category.value.trim(),
  };
  return q.trim() === view.q.trim() ? next : { ...next, like: [], paper: '' };
}

// Typing waits for a pause; a submit (Enter), a mode click or a reset applies at once.
let formTimer = 0;
const applyForm = ({ typing }) => {
  clearTimeout(formTimer);
  if (typing) formTimer = setTimeout(() => navigate(fromForm(), { typing }), TYPING_DEBOUNCE_MS);
  else navigate(fromForm());
};

els.q.addEventListener('input', () => applyForm({ typing: true }));
els.filters.addEventListener('input', (event) => {
  applyForm({ typing: event.target.name !== 'mode' });
});

els.form.addEventListener('submit', (event) => {
  event.preventDefault();
  // Enter on the query it already shows starts it afresh, out of "more like these".
  const next = fromForm();
  clearTimeout(formTimer);
  navigate(next.like.length && next.q.trim() ? { ...next, like: [], paper: '' } : next);
});
els.filters.addEventListener('submit', (event) => {
  event.preventDefault();
  applyForm({ typing: false });
});
els.filters.addEventListener('reset', (event) => {
  event.preventDefault();
  clearTimeout(formTimer);
  navigate({ ...fromForm(), yearFrom: '', yearTo: '', category: '' });
});

document.addEventListener('click', (event) => {
  const target = event.target instanceof Element ? event.target : null;
  const plain = event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey;
  const link = target?.closest('a[data-paper]');
  if (link && plain) {
    event.preventDefault();
    navigate({ ...view, paper: link.dataset.paper }, { focusPaper: true });
    return;
  }
  if (target?.closest('[data-close]')) {
    closePaper();
    return;
  }
  const save = target?.closest('button[data-save]');
  if (save) {
    toggleSaved(save.dataset.save);
    return;
  }
  const remove = target?.closest('button[data-remove]');
  if (remove) {
    library.remove(remove.dataset.remove);
    return;
  }
  if (target?.closest('button[data-export-bibtex]')) {
    void exportLibrary();
    return;
  }
  const viewLink = target?.closest('a[data-view]');
  if (viewLink && plain) {
    event.preventDefault();
    navigate({ ...readState(''), view: viewLink.dataset.view, since: view.since });
    return;
  }
  const mapLink = target?.closest('a.map-link');
  if (mapLink && plain) {
    event.preventDefault();
    navigate(readState(new URL(mapLink.href).search));
    return;
  }
  const chip = target?.closest('button[data-category]');
  if (chip) {
    navigate({ ...view, category: chip.dataset.category });
    return;
  }
  if (target?.closest('#home') && plain) {
    event.preventDefault();
    navigate(readState(''));
    els.q.focus();
  }
});

document.addEventListener('change', (event) => {
  const box = event.target;
  if (box instanceof HTMLInputElement && box.dataset.select) {
    toggleSelected(box.dataset.select, box.checked);
  }
  if (box instanceof HTMLInputElement && box.dataset.import !== undefined && box.files?.length) {
    void importFiles(box.files);
  }
  if (box instanceof HTMLInputElement && box.id === 'since') {
    navigate({ ...view, since: box.value });
  }
});

document.addEventListener('submit', (event) => {
  if (event.target instanceof HTMLFormElement && event.target.id === 'foryou-form') {
    event.preventDefault();
  }
});

// A .bib or .ris file dropped anywhere on the page is imported into the library.
const carriesFiles = (event) => [...(event.dataTransfer?.types ?? [])].includes('Files');
document.addEventListener('dragover', (event) => {
  if (!carriesFiles(event)) return;
  event.preventDefault();
  event.dataTransfer.dropEffect = 'copy';
  document.body.classList.add('dropping');
});
document.addEventListener('dragleave', (event) => {
  if (event.relatedTarget === null) document.body.classList.remove('dropping');
});
document.addEventListener('drop', (event) => {
  document.body.classList.remove('dropping');
  if (!carriesFiles(event)) return;
  event.preventDefault();
  void importFiles(event.dataTransfer.files);
});

async function exportLibrary() {
  try {
    download('library.bib', 'application/x-bibtex', await libraryAsBibtex());
  } catch (error) {
    showError('Could not export the library', error);
  }
}

library.onChange(showLibraryChange);

byId('more-like').addEventListener('click', () => {
  navigate({ ...view, q: '', like: [...selected], paper: '' });
  els.results.focus();
});
byId('clear-selection').addEventListener('click', clearSelection);

installKeyboard({ search: els.q, results: els.results, onEscape: closePaper });

// ---- start ----

// Wide screens always show the filters; a phone folds them under a summary line.
const wide = matchMedia('(min-width: 641px)');
const unfoldOnWide = () => {
  if (wide.matches) els.filterPanel.open = true;
};
wide.addEventListener('change', unfoldOnWide);
unfoldOnWide();

// The open paper sticks below the (sticky) header on wide screens, whatever its height.
new ResizeObserver(([entry]) => {
  const height = Math.ceil(entry.target.getBoundingClientRect().height);
  document.documentElement.style.setProperty('--header-height', `${height + 12}px`);
}).observe(document.querySelector('.masthead'));

async function showIndexInfo() {
  try {
    const stats = await api.stats();
    indexSize = stats.count;
    els.indexInfo.textContent = `${stats.count} papers · index ${stats.index_version} · ${stats.embedder.id}`;
    if (!view.q.trim() && view.like.length === 0 && !view.graph && !view.view) showIdle();
  } catch {
    // The footer is decoration; a failing /stats shows up as errors on the searches instead.
  }
}

show(view, view, { force: true });
renderSelection();
els.libraryCount.textContent = String(library.items.length);
void showIndexInfo();
if (!view.q && !view.paper && !view.graph && !view.view && view.like.length === 0) els.q.focus();
