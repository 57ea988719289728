// The parts of d3-force (served at /vendor/d3-force.js) the map of related work uses, as
// d3-force documents them; the package ships no types of its own.

export interface SimulationNode {
  index?: number;
  x?: number;
  y?: number;
  vx?: number;
  vy?: number;
  /** A fixed position, kept by the simulation; null releases it. */
  fx?: number | null;
  fy?: number | null;
}

export interface SimulationLink<N extends SimulationNode> {
  /** A node id before the link force initialises, the node itself after. */
  source: N | string;
  target: N | string;
}

export interface Force<N extends SimulationNode> {
  (alpha: number): void;
  initialize?(nodes: N[]): void;
}

export interface Simulation<N extends SimulationNode> {
  force(name: string, force: Force<N> | null): this;
  stop(): this;
  tick(iterations?: number): this;
  nodes(): N[];
}

export function forceSimulation<N extends SimulationNode>(nodes?: N[]): Simulation<N>;

export interface LinkForce<N extends SimulationNode, L extends SimulationLink<N>> extends Force<N> {
  id(id: (node: N) => string): this;
  distance(distance: number | ((link: L) => number)): this;
  strength(strength: number | ((link: L) => number)): this;
}

export function forceLink<N extends SimulationNode, L extends SimulationLink<N>>(
  links?: L[],
): LinkForce<N, L>;

export interface StrengthForce<N extends SimulationNode> extends Force<N> {
  strength(strength: number | ((node: N) => number)): this;
}

export function forceManyBody<N extends SimulationNode>(): StrengthForce<N>;
export function forceCollide<N extends SimulationNode>(radius?: number): StrengthForce<N>;
export function forceX<N extends SimulationNode>(x?: number): StrengthForce<N>;
export function forceY<N extends SimulationNode>(y?: number): StrengthForce<N>;
