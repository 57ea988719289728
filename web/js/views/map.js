// @ts-check
// The map of related work around one paper, in place of the results.

import { api } from '../api.js';
import { els, remember, showError, showResultsError } from '../page.js';
import { relatedMap } from '../related-map.js';
import { toSearch } from '../url-state.js';

/** @typedef {import('../page.js').PaneLoader} PaneLoader */
/** @typedef {import('../url-state.js').ViewState} ViewState */

const MAP_SIZE = 30;

/**
 * @param {ViewState} state  its `graph` names the paper in the middle
 * @param {PaneLoader} pane
 */
export function loadMap(state, pane) {
  return pane.run({
    fetch: (signal) =>
      api.graph(state.graph, new URLSearchParams({ size: String(MAP_SIZE) }), signal),
    show: (graph) => {
      showError(null);
      remember(graph.nodes);
      els.results.replaceChildren(
        relatedMap(graph, {
          href: (id) => toSearch({ ...state, paper: id }),
          current: state.paper,
        }),
      );
      els.status.textContent = `${graph.nodes.length} papers, ${graph.edges.length} links`;
    },
    fail: (error) => showResultsError('Could not draw the map', error),
  });
}
