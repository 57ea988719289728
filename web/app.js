// @ts-check
// The search page's entry: the form, clicks, file drops and keys become navigations or
// library changes; the views (js/views/) draw what a navigation asks for.

import { api } from './js/api.js';
import { installKeyboard } from './js/keyboard.js';
import { library } from './js/library-store.js';
import { closePaper, currentView, followHistory, navigate, show } from './js/navigation.js';
import { byId, els, session } from './js/page.js';
import { clearSelection, renderSelection, toggleSelected } from './js/selection.js';
import { readState } from './js/url-state.js';
import { exportLibrary, importFiles, showLibraryChange, toggleSaved } from './js/views/library.js';
import { showIdle } from './js/views/search.js';

/** @typedef {import('./js/url-state.js').ViewState} ViewState */

/** Long enough to skip the keystrokes of a word, short enough to feel instant. */
const TYPING_DEBOUNCE_MS = 250;

// ---- the search form ----

/**
 * The view the form asks for. A changed query starts a new search: it leaves "more like
 * these" and closes the open paper.
 * @returns {ViewState}
 */
function fromForm() {
  const view = currentView();
  const q = els.q.value;
  const mode = /** @type {HTMLInputElement | null} */ (
    els.filters.querySelector('input[name="mode"]:checked')
  );
  const next = {
    ...view,
    q,
    mode: mode?.value ?? view.mode,
    yearFrom: els.yearFrom.value.trim(),
    yearTo: els.yearTo.value.trim(),
    category: els.category.value.trim(),
  };
  return q.trim() === view.q.trim() ? next : { ...next, like: [], paper: '' };
}

// Typing waits for a pause; a submit (Enter), a mode click or a reset applies at once.
let formTimer = 0;
/** @param {{typing: boolean}} options */
const applyForm = ({ typing }) => {
  window.clearTimeout(formTimer);
  if (typing)
    formTimer = window.setTimeout(() => navigate(fromForm(), { typing }), TYPING_DEBOUNCE_MS);
  else navigate(fromForm());
};

els.q.addEventListener('input', () => applyForm({ typing: true }));
els.filters.addEventListener('input', (event) => {
  applyForm({ typing: /** @type {HTMLInputElement} */ (event.target).name !== 'mode' });
});
els.form.addEventListener('submit', (event) => {
  event.preventDefault();
  // Enter on the query it already shows starts it afresh, out of "more like these".
  const next = fromForm();
  window.clearTimeout(formTimer);
  navigate(next.like.length && next.q.trim() ? { ...next, like: [], paper: '' } : next);
});
els.filters.addEventListener('submit', (event) => {
  event.preventDefault();
  applyForm({ typing: false });
});
els.filters.addEventListener('reset', (event) => {
  event.preventDefault();
  window.clearTimeout(formTimer);
  navigate({ ...fromForm(), yearFrom: '', yearTo: '', category: '' });
});

followHistory(() => window.clearTimeout(formTimer));

// ---- clicks and changes anywhere on the page ----

/**
 * The element `event` happened in that matches `selector`, if any.
 * @param {Event} event
 * @param {string} selector
 * @returns {HTMLElement | null}
 */
const closest = (event, selector) =>
  event.target instanceof Element ? event.target.closest(selector) : null;

document.addEventListener('click', (event) => {
  const view = currentView();
  const plain = event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey;
  const link = closest(event, 'a[data-paper]');
  if (link && plain) {
    event.preventDefault();
    navigate({ ...view, paper: link.dataset.paper ?? '' }, { focusPaper: true });
    return;
  }
  if (closest(event, '[data-close]')) {
    closePaper();
    return;
  }
  const save = closest(event, 'button[data-save]');
  if (save) {
    toggleSaved(save.dataset.save ?? '');
    return;
  }
  const remove = closest(event, 'button[data-remove]');
  if (remove) {
    library.remove(remove.dataset.remove ?? '');
    return;
  }
  if (closest(event, 'button[data-export-bibtex]')) {
    void exportLibrary();
    return;
  }
  const viewLink = closest(event, 'a[data-view]');
  if (viewLink && plain) {
    event.preventDefault();
    navigate({ ...readState(''), view: viewLink.dataset.view ?? '', since: view.since });
    return;
  }
  const mapLink = /** @type {HTMLAnchorElement | null} */ (closest(event, 'a.map-link'));
  if (mapLink && plain) {
    event.preventDefault();
    navigate(readState(new URL(mapLink.href).search));
    return;
  }
  const chip = closest(event, 'button[data-category]');
  if (chip) {
    navigate({ ...view, category: chip.dataset.category ?? '' });
    return;
  }
  if (closest(event, '#home') && plain) {
    event.preventDefault();
    navigate(readState(''));
    els.q.focus();
  }
});

document.addEventListener('change', (event) => {
  const box = event.target;
  if (!(box instanceof HTMLInputElement)) return;
  if (box.dataset.select) toggleSelected(box.dataset.select, box.checked);
  if (box.dataset.import !== undefined && box.files?.length) void importInto(box.files);
  if (box.id === 'since') navigate({ ...currentView(), since: box.value });
});

document.addEventListener('submit', (event) => {
  if (event.target instanceof HTMLFormElement && event.target.id === 'foryou-form') {
    event.preventDefault();
  }
});

// ---- the library ----

/**
 * Imports files, showing the library view while it does.
 * @param {FileList} files
 */
function importInto(files) {
  return importFiles(files, {
    open: () => {
      const view = currentView();
      if (view.view !== 'library' || view.graph) navigate({ ...readState(''), view: 'library' });
    },
    current: currentView,
  });
}

// A .bib or .ris file dropped anywhere on the page is imported into the library.
/** @param {DragEvent} event */
const carriesFiles = (event) => [...(event.dataTransfer?.types ?? [])].includes('Files');
document.addEventListener('dragover', (event) => {
  if (!carriesFiles(event) || !event.dataTransfer) return;
  event.preventDefault();
  event.dataTransfer.dropEffect = 'copy';
  document.body.classList.add('dropping');
});
document.addEventListener('dragleave', (event) => {
  if (event.relatedTarget === null) document.body.classList.remove('dropping');
});
document.addEventListener('drop', (event) => {
  document.body.classList.remove('dropping');
  if (!carriesFiles(event) || !event.dataTransfer) return;
  event.preventDefault();
  void importInto(event.dataTransfer.files);
});

library.onChange(() => showLibraryChange(currentView()));

// ---- "more like these" ----

byId('more-like').addEventListener('click', () => {
  navigate({ ...currentView(), q: '', like: [...session.selected], paper: '' });
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
}).observe(/** @type {Element} */ (document.querySelector('.masthead')));

/** Whether the view asks for nothing: no query, selection, map or library view. */
const isIdle = (/** @type {ViewState} */ view) =>
  !view.q.trim() && view.like.length === 0 && !view.graph && !view.view;

async function showIndexInfo() {
  try {
    const stats = await api.stats();
    session.indexSize = stats.count;
    els.indexInfo.textContent = `${stats.count} papers · index ${stats.index_version} · ${stats.embedder.id}`;
    if (isIdle(currentView())) showIdle();
  } catch {
    // The footer is decoration; a failing /stats shows up as errors on the searches instead.
  }
}

const first = currentView();
show(first, first, { force: true });
renderSelection();
els.libraryCount.textContent = String(library.items.length);
void showIndexInfo();
if (isIdle(first) && !first.paper) els.q.focus();
