import { parentPort } from 'node:worker_threads';
import type { VectorGraph } from '../vector-graph.js';
import type { GraphRequest, GraphResponse, GraphStart } from './graph-messages.js';
import { startGraph, type GraphBase } from './graph-start.js';

/**
 * The thread a build's vector graph lives on. Inserting into an HNSW graph is the longest step
 * of a build and runs on the calling thread, so here it runs beside the main thread's reading,
 * embedding and text indexing instead of after them: the build uses both cores.
 */
let graph: VectorGraph | null = null;

async function start(request: GraphStart): Promise<number> {
  graph = await startGraph(request.spec, request.base as GraphBase | null, request.settings);
  return graph.size;
}

function current(): VectorGraph {
  if (!graph) throw new Error('the graph worker was used before it was started');
  return graph;
}

async function handle(request: GraphRequest): Promise<unknown> {
  switch (request.op) {
    case 'start':
      return start(request);
    case 'put': {
      const { labels, vectors } = request;
      const g = current();
      for (let i = 0; i < labels.length; i++)
        g.add(labels[i], vectors.subarray(i * g.dims, (i + 1) * g.dims));
      return null;
    }
    case 'remove':
      for (const label of request.labels) current().markDeleted(label);
      return null;
    case 'vectorsOf':
      return request.labels.map((label) => current().getVector(label));
    case 'size':
      return current().size;
    case 'save':
      await current().save(request.file);
      return null;
  }
}

const port = parentPort;
if (!port) throw new Error('graph-worker runs as a worker thread');
// Requests are handled strictly in order: a put is applied before a later save or search.
let queue: Promise<void> = Promise.resolve();
port.on('message', (request: GraphRequest) => {
  queue = queue.then(async () => {
    let response: GraphResponse;
    try {
      response = { id: request.id, ok: true, result: await handle(request) };
    } catch (error) {
      response = {
        id: request.id,
        ok: false,
        error: error instanceof Error ? error.message : String(error),
      };
    }
    port.postMessage(response);
  });
});
