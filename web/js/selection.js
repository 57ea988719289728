// @ts-check
// The selection for "more like these": checkboxes on results and the paper view, and the bar
// that counts them and starts the search.

import { els, session } from './page.js';

/**
 * @param {string} id
 * @param {boolean} on
 */
export function toggleSelected(id, on) {
  if (on) session.selected.add(id);
  else session.selected.delete(id);
  for (const box of /** @type {NodeListOf<HTMLInputElement>} */ (
    document.querySelectorAll('input[data-select]')
  )) {
    if (box.dataset.select === id) box.checked = on;
  }
  for (const item of /** @type {NodeListOf<HTMLElement>} */ (
    els.results.querySelectorAll('li[data-id]')
  )) {
    if (item.dataset.id === id) item.classList.toggle('selected', on);
  }
  renderSelection();
}

export function renderSelection() {
  const count = session.selected.size;
  els.selection.hidden = count === 0;
  els.selectionCount.textContent = `${count} ${count === 1 ? 'paper' : 'papers'} selected`;
}

export function clearSelection() {
  for (const id of [...session.selected]) toggleSelected(id, false);
}
