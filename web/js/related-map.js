// @ts-check
// The map of related work: the papers of GET /papers/:id/graph laid out by d3-force so that
// similar papers sit close, drawn as SVG links (each one opens its paper), and the same papers
// as a list for the keyboard and screen readers.

import {
  forceCollide,
  forceLink,
  forceManyBody,
  forceSimulation,
  forceX,
  forceY,
} from '../vendor/d3-force.js';
import { h } from './render.js';

/** @typedef {import('./api.js').Graph} Graph */
/** @typedef {import('./api.js').GraphNode} GraphNode */
/** @typedef {GraphNode & import('../vendor/d3-force.js').SimulationNode} LaidOutNode */
/** @typedef {{source: LaidOutNode, target: LaidOutNode, similarity: number}} LaidOutLink */
/**
 * @typedef {import('../vendor/d3-force.js').LinkForce<LaidOutNode, Graph['edges'][number]>} MapLinkForce
 */
/** @typedef {(year: number | null) => string} Colour */
/** @typedef {{href: (id: string) => string, current: string}} MapOptions */

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 640;
const HEIGHT = 480;
/** Ticks run at once, before drawing: the layout is still when shown, and the same every time. */
const TICKS = 300;

/**
 * An SVG element with attributes and children.
 * @param {string} tag
 * @param {Record<string, string | number>} [attributes]
 * @param {...(Node | string)} children
 */
function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  element.append(...children);
  return element;
}

/**
 * Radius by similarity to the origin: the origin largest, the least similar smallest.
 * @param {GraphNode} node
 * @param {number} lowest  the least similarity on the map
 */
const radius = (node, lowest) =>
  node.ring === 0 ? 14 : 5 + 8 * ((node.similarity - lowest) / Math.max(1e-6, 1 - lowest));

/**
 * Colour by year, oldest blue to newest orange; grey without a year.
 * @param {Array<number | null>} years
 * @returns {Colour}
 */
function yearColour(years) {
  const known = years.filter((year) => year !== null);
  const [first, last] = [Math.min(...known), Math.max(...known)];
  return (year) => {
    if (year === null) return 'hsl(220 8% 60%)';
    const share = last > first ? (year - first) / (last - first) : 1;
    return `hsl(${Math.round(215 - 185 * share)} 70% 50%)`;
  };
}

/**
 * Positions for the nodes: linked pairs pulled together the more similar they are.
 * @param {Graph} graph
 */
function layout(graph) {
  /** @type {LaidOutNode[]} */
  const nodes = graph.nodes.map((node) => ({ ...node }));
  const links = graph.edges.map((edge) => ({ ...edge }));
  const simulation = forceSimulation(nodes)
    .force(
      'link',
      /** @type {MapLinkForce} */ (forceLink(links))
        .id((node) => node.id)
        .distance((link) => 40 + 160 * (1 - link.similarity))
        .strength((link) => Math.max(0.05, link.similarity)),
    )
    .force('charge', forceManyBody().strength(-140))
    .force('collide', forceCollide(18))
    .force('x', forceX(0).strength(0.04))
    .force('y', forceY(0).strength(0.06))
    .stop();
  nodes[0].fx = 0;
  nodes[0].fy = 0;
  for (let i = 0; i < TICKS; i++) simulation.tick();
  // The link force has replaced each end's id with its node.
  return { nodes, links: /** @type {LaidOutLink[]} */ (/** @type {unknown} */ (links)) };
}

/**
 * Scales the laid-out positions into the drawing, with room for the largest node.
 * @param {LaidOutNode[]} nodes
 * @returns {(node: LaidOutNode) => {x: number, y: number}}
 */
function fit(nodes) {
  const xs = nodes.map((n) => n.x ?? 0);
  const ys = nodes.map((n) => n.y ?? 0);
  const [minX, maxX, minY, maxY] = [
    Math.min(...xs),
    Math.max(...xs),
    Math.min(...ys),
    Math.max(...ys),
  ];
  const scale = Math.min(
    (WIDTH - 40) / Math.max(1, maxX - minX),
    (HEIGHT - 40) / Math.max(1, maxY - minY),
  );
  return (node) => ({
    x: 20 + ((node.x ?? 0) - minX) * scale + (WIDTH - 40 - (maxX - minX) * scale) / 2,
    y: 20 + ((node.y ?? 0) - minY) * scale + (HEIGHT - 40 - (maxY - minY) * scale) / 2,
  });
}

/**
 * The map and its list. `href(id)` is each paper's address in the page (links carry
 * `data-paper`, so the page opens them in place); `current` marks the open paper.
 * @param {Graph} graph
 * @param {MapOptions} options
 */
export function relatedMap(graph, { href, current }) {
  const { nodes, links } = layout(graph);
  const at = fit(nodes);
  const colour = yearColour(nodes.map((n) => n.year));
  const lowest = Math.min(...nodes.map((n) => n.similarity));
  const positions = new Map(nodes.map((node) => [node.id, at(node)]));
  const position = (/** @type {string} */ id) =>
    /** @type {{x: number, y: number}} */ (positions.get(id));
  const edges = links.map((link) => {
    const [a, b] = [position(link.source.id), position(link.target.id)];
    return svg('line', {
      x1: a.x.toFixed(1),
      y1: a.y.toFixed(1),
      x2: b.x.toFixed(1),
      y2: b.y.toFixed(1),
      'stroke-width': (0.5 + 2.5 * link.similarity).toFixed(2),
      class: 'map-edge',
    });
  });
  const dots = nodes.map((node) => {
    const { x, y } = position(node.id);
    const label = `${node.title}${node.year ? ` (${node.year})` : ''}`;
    return svg(
      'a',
      {
        href: href(node.id),
        'data-paper': node.id,
        'data-paper-id': node.id,
        class: `map-node${node.ring === 0 ? ' origin' : ''}${node.id === current ? ' current' : ''}`,
        'aria-label': label,
      },
      svg('circle', {
        cx: x.toFixed(1),
        cy: y.toFixed(1),
        r: radius(node, lowest).toFixed(1),
        fill: colour(node.year),
      }),
      svg('title', {}, `${label} · similarity ${node.similarity.toFixed(2)}`),
    );
  });
  const drawing = svg(
    'svg',
    {
      viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
      class: 'map',
      role: 'group',
      'aria-label': `Map of ${nodes.length} related papers; the list below holds the same papers`,
    },
    svg('g', { class: 'map-edges', 'aria-hidden': 'true' }, ...edges),
    svg('g', { class: 'map-nodes' }, ...dots),
  );
  return h(
    'section',
    { class: 'related-map', 'aria-labelledby': 'map-heading' },
    h('h2', { id: 'map-heading', tabindex: '-1' }, `Related work around “${nodes[0].title}”`),
    h('p', { class: 'map-legend' }, legend(nodes, colour)),
    drawing,
    h('h3', { id: 'map-list-heading' }, 'The same papers as a list'),
    mapList(nodes, { href, current }),
  );
}

/**
 * @param {GraphNode[]} nodes
 * @param {Colour} colour
 */
function legend(nodes, colour) {
  const years = nodes.map((n) => n.year).filter((y) => y !== null);
  // Set through the CSSOM: the content security policy refuses inline style attributes.
  const swatch = (/** @type {number | null} */ year) => {
    const element = h('span', { class: 'swatch', 'aria-hidden': 'true' });
    element.style.background = colour(year);
    return element;
  };
  return h(
    'span',
    {},
    'Closer papers are more similar; larger ones are more similar to the paper in the middle. ',
    years.length
      ? h(
          'span',
          { class: 'legend-years' },
          swatch(Math.min(...years)),
          ` ${Math.min(...years)} `,
          '→ ',
          swatch(Math.max(...years)),
          ` ${Math.max(...years)}`,
        )
      : null,
    years.length < nodes.length ? h('span', {}, ' · ', swatch(null), ' no date') : null,
  );
}

/**
 * @param {GraphNode[]} nodes
 * @param {MapOptions} options
 */
function mapList(nodes, { href, current }) {
  return h(
    'ol',
    { class: 'map-list', 'aria-labelledby': 'map-list-heading', 'data-nav-list': '' },
    ...nodes.map((node) =>
      h(
        'li',
        { 'data-id': node.id, 'aria-current': node.id === current ? 'true' : null },
        h('a', { href: href(node.id), 'data-paper': node.id, 'data-nav': '' }, node.title),
        h(
          'span',
          { class: 'map-list-meta' },
          [node.year, node.ring === 0 ? 'this paper' : `similarity ${node.similarity.toFixed(2)}`]
            .filter(Boolean)
            .join(' · '),
        ),
      ),
    ),
  );
}
