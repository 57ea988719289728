// @ts-check
// Keyboard use: "/" focuses the search box, arrow keys move through result links (down from
// the search box into the results, up from the first result back to it), Escape goes back.

const NOT_TYPED = new Set(['checkbox', 'radio', 'button', 'submit', 'reset']);

/**
 * Whether a key pressed here is typed text ("/" then belongs to the field).
 * @param {Element | null} element
 */
function isTextEntry(element) {
  if (!element) return false;
  if (element.closest('textarea, select, [contenteditable]:not([contenteditable="false"])')) {
    return true;
  }
  return element instanceof HTMLInputElement && !NOT_TYPED.has(element.type);
}

/** @param {Element} list */
const navLinks = (list) => /** @type {HTMLElement[]} */ ([...list.querySelectorAll('a[data-nav]')]);

/**
 * @param {{search: HTMLInputElement, results: HTMLElement, onEscape: () => boolean}} options
 *   `results` holds the main result list; `onEscape` returns whether it handled the key.
 */
export function installKeyboard({ search, results, onEscape }) {
  document.addEventListener('keydown', (event) => {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target instanceof Element ? event.target : null;

    if (event.key === '/' && !isTextEntry(target)) {
      event.preventDefault();
      search.focus();
      search.select();
      return;
    }
    // In the search box Escape keeps its native meaning: clear the text.
    if (event.key === 'Escape' && target !== search) {
      if (onEscape()) event.preventDefault();
      return;
    }
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const step = event.key === 'ArrowDown' ? 1 : -1;

    if (target === search) {
      const first = /** @type {HTMLElement | null} */ (
        results.querySelector('[data-nav-list] a[data-nav]')
      );
      if (step === 1 && first) {
        event.preventDefault();
        first.focus();
      }
      return;
    }
    const list = target?.matches('a[data-nav]') ? target.closest('[data-nav-list]') : null;
    if (!list) return;
    event.preventDefault();
    const links = navLinks(list);
    const next = links[links.indexOf(/** @type {HTMLElement} */ (target)) + step];
    if (next) next.focus();
    else if (step === -1 && results.contains(list)) search.focus();
  });
}
