/**
 * Splits item indices into batches of similar token length, longest first, so each batch
 * pads to a length close to its members' own and little compute goes to padding.
 */
export function batchesByLength(lengths: number[], batchSize: number): number[][] {
  const order = lengths.map((_, i) => i).sort((a, b) => lengths[b] - lengths[a] || a - b);
  const batches: number[][] = [];
  for (let i = 0; i < order.length; i += batchSize) batches.push(order.slice(i, i + batchSize));
  return batches;
}
