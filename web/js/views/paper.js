// @ts-check
// The paper view: the open paper and its related papers, beside the results (or in their
// place on a phone).

import { api } from '../api.js';
import { queryTerms } from '../highlight.js';
import { library } from '../library-store.js';
import { byId, els, errorText, remember, session, updateTitle } from '../page.js';
import { closeButton, h, paperView } from '../render.js';
import { readState, toSearch } from '../url-state.js';

/** @typedef {import('../page.js').PaneLoader} PaneLoader */
/** @typedef {import('../url-state.js').ViewState} ViewState */

const RELATED_K = 8;

/**
 * Opens the state's paper, or closes the pane when it names none.
 * @param {ViewState} state
 * @param {PaneLoader} pane
 * @param {{focus: boolean}} options  focus the paper's title (or its close button) once shown
 */
export function loadPaper(state, pane, { focus }) {
  if (!state.paper) {
    pane.abort();
    els.paper.hidden = true;
    els.paper.replaceChildren();
    return Promise.resolve();
  }
  els.paper.hidden = false;
  const related = new URLSearchParams({ k: String(RELATED_K), mode: state.mode });
  return pane.run({
    fetch: (signal) =>
      Promise.all([api.paper(state.paper, signal), api.related(state.paper, related, signal)]),
    show: ([{ paper }, relatedBody]) => {
      remember([paper, ...relatedBody.results]);
      els.paper.replaceChildren(
        ...paperView(paper, relatedBody, {
          href: (id) => toSearch({ ...state, paper: id }),
          mapHref: (id) => toSearch({ ...readState(''), graph: id, paper: id }),
          terms: queryTerms(state.like.length ? '' : state.q),
          isSelected: (id) => session.selected.has(id),
          isSaved: library.has,
        }),
      );
      els.paper.scrollTop = 0;
      updateTitle(state);
      if (focus) byId('paper-title').focus();
    },
    fail: (error) => {
      els.paper.replaceChildren(
        closeButton(),
        h('p', { class: 'error', role: 'alert' }, errorText('Could not open the paper', error)),
      );
      if (focus)
        /** @type {HTMLElement | null} */ (els.paper.querySelector('[data-close]'))?.focus();
    },
  });
}
