// @ts-check
// DOM builders for results and the paper view. Paper data only ever becomes text nodes or
// attribute values, never markup.

import { appendHighlighted, appendMarkup } from './highlight.js';

/** @typedef {import('./api.js').Hit} Hit */
/** @typedef {import('./api.js').Paper} Paper */
/** @typedef {import('./api.js').PaperSummary} PaperSummary */
/** @typedef {import('./api.js').Ranked} Ranked */
/** @typedef {Record<string, string | number | boolean | null | undefined>} Attributes */
/** @typedef {Node | string | null | undefined | false} Child */

/**
 * `h('p', {class: 'x'}, 'text', node)`: an element with attributes and children.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Attributes} [attributes]  false, null and undefined leave the attribute out
 * @param {...Child} children  null, undefined and false are left out
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  element.append(
    .../** @type {Array<Node | string>} */ (
      children.filter((c) => c !== null && c !== undefined && c !== false)
    ),
  );
  return element;
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

/**
 * `2024-05-30` as a <time>, in the reader's locale; null when the paper has no date.
 * @param {string | null} published
 */
function dateOf(published) {
  if (!published) return null;
  const date = new Date(`${published.slice(0, 10)}T00:00:00Z`);
  const text = Number.isNaN(date.getTime()) ? published : dateFormat.format(date);
  return h('time', { datetime: published }, text);
}

const MAX_AUTHORS = 4;

/** @param {string[] | undefined} authors */
function authorsOf(authors) {
  if (!authors?.length) return null;
  const shown = authors.slice(0, MAX_AUTHORS).join(', ');
  const text = authors.length > MAX_AUTHORS ? `${shown} et al.` : shown;
  return h('span', { class: 'authors', title: authors.join(', ') }, text);
}

/** @param {PaperSummary} paper */
function metaLine(paper) {
  const venue = paper.venue ? h('span', { class: 'venue' }, paper.venue) : null;
  const parts = [authorsOf(paper.authors), venue, dateOf(paper.published)].filter(Boolean);
  return parts.length ? h('p', { class: 'meta' }, ...parts) : null;
}

/**
 * Author- or source-assigned keywords, when the paper has any.
 * @param {PaperSummary} paper
 */
function keywordsOf(paper) {
  if (!paper.keywords?.length) return null;
  return h(
    'ul',
    { class: 'keywords', 'aria-label': 'Keywords' },
    ...paper.keywords.map((keyword) => h('li', {}, keyword)),
  );
}

/**
 * "Save" adds the paper to the library kept in this browser; pressed when it is there.
 * @param {PaperSummary} paper
 * @param {boolean} saved
 */
export function saveButton(paper, saved) {
  const button = h('button', {
    type: 'button',
    class: 'save',
    'data-save': paper.id,
    'data-title': paper.title,
  });
  return setSaved(button, saved);
}

/**
 * Shows a save button's state in place, so a pressed button keeps the focus.
 * @param {HTMLButtonElement} button
 * @param {boolean} saved
 */
export function setSaved(button, saved) {
  const title = button.dataset.title;
  button.setAttribute('aria-pressed', saved ? 'true' : 'false');
  button.setAttribute(
    'aria-label',
    `${saved ? 'Saved' : 'Save'} “${title}” ${saved ? 'in' : 'to'} your library`,
  );
  button.textContent = saved ? 'Saved ✓' : 'Save';
  return button;
}

/**
 * For a recommendation: the library paper it is most like.
 * @param {Hit} hit
 */
function closestLine(hit) {
  const near = hit.closest?.[0];
  if (!near) return null;
  return h(
    'p',
    { class: 'closest' },
    'Like ',
    near.id
      ? h('a', { href: `?paper=${encodeURIComponent(near.id)}`, 'data-paper': near.id }, near.title)
      : near.title,
    ` (${near.score.toFixed(2)})`,
  );
}

/**
 * A bar as long as the score on its 0 to 1 scale, and the number. Scores are absolute (cosine
 * similarity, share of the query's BM25 ceiling, or their mean), so a weak best match shows a
 * short bar, whatever the other results.
 * @param {number} score
 */
function scoreBar(score) {
  const fill = h('span', { class: 'bar-fill' });
  const share = Math.max(0.02, Math.min(1, score));
  fill.style.setProperty('--share', String(share));
  return h(
    'p',
    { class: 'score' },
    h('span', { class: 'bar', 'aria-hidden': 'true' }, fill),
    h('span', { class: 'score-value' }, `score ${score.toFixed(3)}`),
  );
}

/**
 * The server's highlighted text when it explained the hit; else marked here from the query.
 * @param {'span' | 'p'} tag
 * @param {string} className
 * @param {string | undefined} serverHtml
 * @param {string} plain
 * @param {string[]} terms
 */
function highlighted(tag, className, serverHtml, plain, terms) {
  const element = h(tag, { class: className });
  if (typeof serverHtml === 'string') appendMarkup(element, serverHtml);
  else appendHighlighted(element, plain, terms);
  return element;
}

/**
 * One result: a checkbox for "more like these", the title linking to its paper view, authors,
 * date, score bar and the snippet with matching terms marked.
 * @param {Hit} hit
 * @param {{href: (id: string) => string, terms: string[], selected: boolean, saved: boolean,
 *   current: boolean, compact?: boolean}} options
 */
export function resultItem(hit, options) {
  const title = highlighted('span', 'title-text', hit.explain?.title, hit.title, options.terms);
  const link = h('a', { href: options.href(hit.id), 'data-paper': hit.id, 'data-nav': '' }, title);
  const checkbox = h('input', {
    type: 'checkbox',
    'data-select': hit.id,
    checked: options.selected,
  });
  checkbox.checked = options.selected;
  const pick = h(
    'label',
    { class: 'pick', title: 'Select for "more like these"' },
    checkbox,
    h('span', { class: 'visually-hidden' }, `Select "${hit.title}" for more like these`),
  );
  return h(
    'li',
    {
      class: options.selected ? 'result selected' : 'result',
      'data-id': hit.id,
      'aria-current': options.current ? 'true' : null,
    },
    options.compact ? null : pick,
    h(
      'div',
      { class: 'result-body' },
      h(options.compact ? 'h4' : 'h3', { class: 'result-title' }, link),
      metaLine(hit),
      h('div', { class: 'result-tools' }, scoreBar(hit.score), saveButton(hit, options.saved)),
      options.compact
        ? null
        : highlighted('p', 'snippet', hit.explain?.snippet, hit.snippet, options.terms),
      options.compact ? null : keywordsOf(hit),
      closestLine(hit),
    ),
  );
}

/**
 * @typedef {object} ListOptions
 * @property {(id: string) => string} href  a paper's address in the page
 * @property {string[]} terms  query terms to mark
 * @property {(id: string) => boolean} isSelected
 * @property {(id: string) => boolean} isSaved
 * @property {string | null} current  the open paper
 * @property {boolean} [compact]  the short form of the paper view's related list
 */

/**
 * A list of results, or null when there are none.
 * @param {Hit[]} hits
 * @param {ListOptions} options
 * @param {Attributes} attributes
 */
export function resultList(hits, options, attributes) {
  if (hits.length === 0) return null;
  return h(
    'ol',
    attributes,
    ...hits.map((hit) =>
      resultItem(hit, {
        ...options,
        selected: options.isSelected(hit.id),
        saved: options.isSaved(hit.id),
        current: options.current === hit.id,
      }),
    ),
  );
}

/** "Close" beside the results; "Back to results" where the paper took their place. */
export function closeButton() {
  return h(
    'button',
    { type: 'button', class: 'back', 'data-close': '' },
    h('span', { class: 'wide' }, 'Close ✕'),
    h('span', { class: 'narrow' }, '← Back to results'),
  );
}

/**
 * Only web links become links: a stored `javascript:` URL must not run on click.
 * @param {string} url
 */
function safeUrl(url) {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/**
 * The paper view: title, authors and date, categories (each a button that filters by it),
 * the source link, the full abstract and its related papers, each followable in turn.
 * @param {Paper} paper
 * @param {Ranked} related
 * @param {Omit<ListOptions, 'current' | 'compact'> & {mapHref: (id: string) => string}} options
 */
export function paperView(paper, related, options) {
  const url = paper.url ? safeUrl(paper.url) : null;
  const heading = h('h2', { id: 'paper-title', tabindex: '-1' });
  appendHighlighted(heading, paper.title, options.terms);
  const abstract = h('p', { class: 'abstract' });
  appendHighlighted(abstract, paper.abstract, options.terms);
  const categories = paper.categories.length
    ? h(
        'ul',
        { class: 'categories', 'aria-label': 'Categories' },
        ...paper.categories.map((category) =>
          h(
            'li',
            {},
            h(
              'button',
              {
                type: 'button',
                class: 'chip',
                'data-category': category,
                title: `Show only ${category} papers`,
              },
              category,
            ),
          ),
        ),
      )
    : null;
  const select = h('input', { type: 'checkbox', 'data-select': paper.id });
  select.checked = options.isSelected(paper.id);
  const relatedList = resultList(
    related.results,
    { ...options, compact: true, current: null },
    {
      class: 'results related',
      'aria-labelledby': 'related-heading',
      'data-nav-list': '',
    },
  );
  return [
    h('div', { class: 'paper-actions' }, closeButton()),
    heading,
    metaLine(paper),
    categories,
    keywordsOf(paper),
    h(
      'p',
      { class: 'paper-tools' },
      saveButton(paper, options.isSaved(paper.id)),
      h('a', { href: options.mapHref(paper.id), class: 'map-link' }, 'Map of related work'),
      h('label', { class: 'pick-inline' }, select, ' Select for "more like these"'),
      url ? h('a', { href: url, rel: 'noopener noreferrer', target: '_blank' }, 'Source ↗') : null,
    ),
    h('h3', {}, 'Abstract'),
    abstract,
    h('h3', { id: 'related-heading' }, 'Related papers'),
    relatedList ?? h('p', { class: 'empty' }, 'No related papers found.'),
  ].filter((node) => node !== null);
}
