import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  documentText,
  type Paper,
  fromPaperRecord,
  type PaperRecord,
} from '../../src/corpus/paper.js';
import {
  LexicalEmbedder,
  NoKnownTermsError,
  lexicalDims,
} from '../../src/embed/lexical-embedder.js';
import { ANALYZER_VERSION } from '../../src/embed/text-analyzer.js';

const papers: Paper[] = readFileSync(
  new URL('../../data/sample/papers.jsonl', import.meta.url),
  'utf8',
)
  .trim()
  .split('\n')
  .map((line) => fromPaperRecord(JSON.parse(line) as PaperRecord));

const byId = new Map(papers.map((paper) => [paper.id, paper]));

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

function norm(v: Float32Array): number {
  return Math.sqrt(dot(v, v));
}

const tiny = [
  { title: 'Graph neural networks', abstract: 'Message passing over graph nodes and edges.' },
  { title: 'Diffusion models', abstract: 'Denoising diffusion for image generation.' },
  { title: 'Graph diffusion', abstract: 'Heat diffusion on graph nodes.' },
];

describe('lexicalDims', () => {
  it('grows with the square root of the corpus, between 16 and 256', () => {
    expect(lexicalDims(540, 5000)).toBe(93);
    expect(lexicalDims(2000, 20_000)).toBe(179);
    expect(lexicalDims(100_000, 50_000)).toBe(256);
    expect(lexicalDims(20, 1000)).toBe(18);
    expect(lexicalDims(14, 1000)).toBe(14);
  });

  it('never exceeds the rank of the TF-IDF matrix', () => {
    expect(lexicalDims(3, 1000)).toBe(3);
    expect(lexicalDims(540, 40)).toBe(40);
    expect(lexicalDims(1, 1)).toBe(1);
  });
});

describe('LexicalEmbedder on the sample corpus', () => {
  let embedder: LexicalEmbedder;
  let vectors: Float32Array[];

  beforeAll(async () => {
    embedder = LexicalEmbedder.fit(papers);
    vectors = await embedder.embedDocuments(papers);
  });

  it('chooses its dimension by the corpus size and returns unit vectors of that size', () => {
    expect(embedder.dims).toBe(lexicalDims(papers.length, embedder.vocabularySize));
    expect(vectors).toHaveLength(papers.length);
    for (const vector of vectors) {
      expect(vector).toHaveLength(embedder.dims);
      expect(norm(vector)).toBeCloseTo(1, 5);
    }
  });

  it('describes itself in its spec', () => {
    expect(embedder.spec()).toEqual({
      kind: 'lexical',
      dims: embedder.dims,
      vocabularySize: embedder.vocabularySize,
      formatVersion: 1,
      analyzerVersion: ANALYZER_VERSION,
      fingerprint: embedder.fingerprint(),
    });
    expect(embedder.id).toBe(`lexical:tfidf-lsa:${embedder.dims}`);
    expect(embedder.fingerprint()).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is deterministic: the same corpus gives the same model and fingerprint', async () => {
    const again = LexicalEmbedder.fit(papers);
    expect(again.fingerprint()).toBe(embedder.fingerprint());
    expect(again.serialize().equals(embedder.serialize())).toBe(true);
    expect(await again.embedDocuments(papers.slice(0, 5))).toEqual(vectors.slice(0, 5));
  });

  it('changes its fingerprint when the fitted state changes', () => {
    const otherDims = LexicalEmbedder.fit(papers, { dims: 32 });
    const otherCorpus = LexicalEmbedder.fit(papers.slice(1));
    expect(otherDims.fingerprint()).not.toBe(embedder.fingerprint());
    expect(otherCorpus.fingerprint()).not.toBe(embedder.fingerprint());
  });

  it('round-trips through serialize and deserialize', async () => {
    const restored = LexicalEmbedder.deserialize(embedder.serialize());
    expect(restored.fingerprint()).toBe(embedder.fingerprint());
    expect(restored.spec()).toEqual(embedder.spec());
    expect(restored.id).toBe(embedder.id);
    expect(await restored.embedDocuments(papers)).toEqual(vectors);
    const query = 'graph neural network initialization';
    expect(await restored.embedQuery(query)).toEqual(await embedder.embedQuery(query));
  });

  it('embeds a query exactly as the paper whose text it is', async () => {
    for (const index of [0, 17, 333]) {
      const asQuery = await embedder.embedQuery(documentText(papers[index]));
      expect(asQuery).toEqual(vectors[index]);
    }
  });

  it('finds a paper by its title', async () => {
    let reciprocalRanks = 0;
    for (const [index, paper] of papers.entries()) {
      const query = await embedder.embedQuery(paper.title);
      const own = dot(query, vectors[index]);
      const rank = 1 + vectors.filter((v, j) => j !== index && dot(query, v) > own).length;
      reciprocalRanks += 1 / rank;
    }
    expect(reciprocalRanks / papers.length).toBeGreaterThan(0.95);
  });

  /*
   * Topical neighbourhoods, with topic members picked by reading the sample's abstracts: for a
   * paper squarely in a topic, at least four of its five nearest neighbours are in the topic too.
   */
  const topics: { name: string; query: string; members: string[] }[] = [
    {
      name: 'learning on graphs',
      query: 't-a5cc97a1be66c4f9', // On the Initialization of Graph Neural Networks
      members: [
        't-0d98c02ab8cbe941', // Efficient and Equivariant Graph Networks for ... Hamiltonian
        't-0ddc5d3a5c9df3bc', // ... Unsupervised Structure Refinement for Robust GNN
        't-22c9f911b809bd61', // Learnable Commutative Monoids for Graph Neural Networks
        't-2a74b6b3d5d0782a', // Convergent Graph Solvers
        't-470531fe4432cf66', // Node Embedding from Neural Hamiltonian Orbits in GNNs
        't-4b953d12a28809d2', // Decoupling the Depth and Scope of Graph Neural Networks
        't-7f86c54d9f729045', // D2Match: ... Deep Learning and Degeneracy for Subgraph Matching
        't-9c878568b6269391', // On the Stability of Expressive Positional Encodings for GNNs
        't-e2a8af8113274482', // BENO: Boundary-embedded Neural Operators (GNN branches)
      ],
    },
    {
      name: 'reinforcement learning',
      query: 't-6745f5d05cfc8a6f', // Inverse Reinforcement Learning without Reinforcement Learning
      members: [
        't-06940817542574b1', // Computationally Efficient PAC RL in POMDPs ...
        't-0b43d43637349071', // Data-Efficient Reinforcement Learning with Self-Predictive ...
        't-270aa298319b3690', // Reinforcement Learning in Low-Rank MDPs with Density Features
        't-31456e2b736ee4b2', // ... Average-Reward Reinforcement Learning ... Actor-Critic
        't-3b68dd000bbdaf0b', // Efficient Reinforcement Learning for Global Decision Making ...
        't-49d8c8f97cb2a8c0', // WARP: On the Benefits of Weight Averaged Rewarded Policies
        't-4be1a4e3d4683c89', // Policy Evaluation and Temporal-Difference Learning ...
        't-647d81d22ce4b340', // On Representation Complexity of Model-based and Model-free RL
        't-64f8ac0effe6a242', // Multi-User Reinforcement Learning with Low Rank Rewards
        't-6b9aee5a7ccf00f5', // When is Realizability Sufficient for Off-Policy RL?
        't-72d5f88506823f30', // ... Efficient Reinforcement Learning by Action Space Reduction
        't-73d672c16dc07eb3', // Jump-Start Reinforcement Learning
        't-85c15a7d865aba7a', // The Effective Horizon Explains Deep RL Performance ...
        't-89446bd4a4885262', // Hardness of Independent Learning ... in Markov Games
        't-a4e27b82332536eb', // Action-Quantized Offline Reinforcement Learning ...
        't-ac307c7d6596b2d9', // The Power of Learned Locally Linear Models for ... Policy Optimization
        't-c3c3cba9d07adab6', // The Wasserstein Believer: ... Partially Observable Environments
        't-d5d8298784d198a2', // Stochastic Policy Gradient Methods ...
      ],
    },
    {
      name: 'diffusion and flow generative models',
      query: 't-29e6e70a26c46120', // A Geometric Perspective on Diffusion Models
      members: [
        't-0101172e6f0737b6', // Flow Matching for Generative Modeling
        't-130c78ed582724c4', // Iterative α-(de)Blending: a Minimalist Deterministic Diffusion Model
        't-21ceddc18aae5802', // On Accelerating Diffusion-Based Sampling Process ...
        't-44e3a7d6224fa956', // Improved Techniques for Training Consistency Models
        't-4ca036b6455ae09c', // Diffusion Bridge Implicit Models
        't-5695a3eca52e24c6', // SCott: Accelerating Diffusion Models with Stochastic Consistency ...
        't-56e3c3f440619ced', // Restoration-Degradation Beyond Linear Diffusions ... DDIM-Type Samplers
        't-6ee3d8a11eb438ef', // Rectified Diffusion: Straightness Is Not Your Need in Rectified Flow
        't-92e889428b57b494', // Stochastic Interpolants: A Unifying Framework for Flows and Diffusions
        't-a3f3f32ac2849ead', // AdjointDEIS: Efficient Gradients for Diffusion Models
        't-a5cc58907e6648e9', // A Unified Sampling Framework for Solver Searching of Diffusion ...
        't-b34486ac4e418a04', // Improved Analysis of Score-based Generative Modeling ...
        't-ce8991a7360c79ae', // Exact Diffusion Inversion via Bi-directional Integration Approximation
        't-d6541226e1ebaafa', // AdjointDPM: Adjoint Sensitivity Method for ... Diffusion Models
        't-e55ca58f5859ebc4', // Fast Sampling of Diffusion Models with Exponential Integrator
        't-f7543147a9d4c8c6', // Analyzing and Improving the Training Dynamics of Diffusion Models
        't-ff32c45ba18c6d86', // State of the Art on Diffusion Models for Visual Computing
      ],
    },
  ];

  for (const topic of topics) {
    it(`places papers on ${topic.name} next to each other`, () => {
      for (const id of [topic.query, ...topic.members]) expect(byId.has(id)).toBe(true);
      const index = papers.findIndex((paper) => paper.id === topic.query);
      const neighbours = papers
        .map((paper, j) => ({ id: paper.id, score: dot(vectors[index], vectors[j]) }))
        .filter((neighbour) => neighbour.id !== topic.query)
        .sort((a, b) => b.score - a.score)
        .slice(0, 5);
      const onTopic = neighbours.filter((neighbour) => topic.members.includes(neighbour.id));
      expect(onTopic.length).toBeGreaterThanOrEqual(4);
    });
  }
});

describe('LexicalEmbedder edge cases', () => {
  it('fits a tiny corpus with at most as many dimensions as papers', async () => {
    const embedder = LexicalEmbedder.fit(tiny);
    expect(embedder.dims).toBe(3);
    const vectors = await embedder.embedDocuments(tiny);
    for (const vector of vectors) expect(norm(vector)).toBeCloseTo(1, 5);
    const query = await embedder.embedQuery('graph nodes');
    expect(dot(query, vectors[0])).toBeGreaterThan(dot(query, vectors[1]));
  });

  it('honours an explicit dimension', async () => {
    const embedder = LexicalEmbedder.fit(papers.slice(0, 60), { dims: 24 });
    expect(embedder.dims).toBe(24);
    expect((await embedder.embedQuery('neural networks')).length).toBe(24);
  });

  it('throws NoKnownTermsError for a query without any indexed term', async () => {
    const embedder = LexicalEmbedder.fit(tiny);
    for (const query of ['', 'the of and', 'quasicrystal tokamak']) {
      await expect(embedder.embedQuery(query)).rejects.toBeInstanceOf(NoKnownTermsError);
    }
  });

  it('gives a paper without indexed terms the generic first axis instead of failing', async () => {
    const embedder = LexicalEmbedder.fit(tiny);
    const [vector] = await embedder.embedDocuments([{ title: 'Tokamak', abstract: '' }]);
    expect(Array.from(vector)).toEqual([1, 0, 0]);
  });

  it('refuses a corpus without any indexable term', () => {
    expect(() => LexicalEmbedder.fit([])).toThrow(/no indexable term/);
    expect(() => LexicalEmbedder.fit([{ title: 'The', abstract: 'of and 42' }])).toThrow(
      /no indexable term/,
    );
  });

  it('rejects state that is not a serialised lexical embedder', () => {
    const state = LexicalEmbedder.fit(tiny).serialize();
    expect(() => LexicalEmbedder.deserialize(Buffer.from('nope'))).toThrow(/not a serialised/);
    expect(() => LexicalEmbedder.deserialize(state.subarray(0, state.length - 4))).toThrow(
      /truncated or corrupt/,
    );
    const future = Buffer.from(state);
    future.writeUInt32LE(99, 4);
    expect(() => LexicalEmbedder.deserialize(future)).toThrow(/unsupported .* format 99/);
    const otherAnalyzer = Buffer.from(state);
    otherAnalyzer.writeUInt32LE(ANALYZER_VERSION + 1, 8);
    expect(() => LexicalEmbedder.deserialize(otherAnalyzer)).toThrow(/re-ingest/);
  });

  it('reads state from a Buffer at any offset', async () => {
    const embedder = LexicalEmbedder.fit(tiny);
    const state = embedder.serialize();
    const shifted = Buffer.alloc(state.length + 1);
    state.copy(shifted, 1);
    const restored = LexicalEmbedder.deserialize(shifted.subarray(1));
    expect(await restored.embedDocuments(tiny)).toEqual(await embedder.embedDocuments(tiny));
  });
});
