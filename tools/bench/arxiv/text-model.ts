import { AliasTable, zipfWeights } from './alias-table.js';
import { ARCHIVES, CATEGORIES } from './categories.js';
import { COMMON_WORDS, FUNCTION_WORDS, TITLE_FUNCTION_WORDS } from './english.js';
import { INFLECTIONS, inflected, inventedWord } from './word-forms.js';
import { ZipfSampler } from './zipf.js';

/**
 * How synthetic abstracts are written. Every category has a few topics; a topic's words follow
 * Zipf's law over a kernel of frequent words and an unbounded tail of rare ones (the tail's
 * steeper exponent gives Heaps' law its exponent, 1/tailExponent). Part of every topic's mass
 * goes to words shared by its archive (physics papers share physics words), and each paper
 * repeats a few key terms of its own, as real abstracts do.
 */
export interface TextModelParams {
  topicsPerCategory: number;
  kernelSize: number;
  kernelExponent: number;
  /** Share of topic draws from the kernel; the rest from the tail. */
  kernelShare: number;
  tailExponent: number;
  /** Share of topic draws that are the archive's shared words. */
  archiveShare: number;
  /** Zipf exponent of the function words. */
  functionExponent: number;
  /**
   * Zipf exponent of the common scientific words: flatter than function words, so the most
   * common ("model") is in about a third of abstracts, not nearly all.
   */
  commonExponent: number;
}

export const TEXT_MODEL: TextModelParams = {
  topicsPerCategory: 3,
  kernelSize: 1000,
  kernelExponent: 1.0,
  kernelShare: 0.92,
  tailExponent: 1.6,
  archiveShare: 0.55,
  functionExponent: 1.0,
  commonExponent: 0.5,
};

/** Token classes of a title and an abstract: cumulative probabilities. */
const TITLE_MIX = { function: 0.2, common: 0.3, key: 0.78 };
const ABSTRACT_MIX = { function: 0.42, common: 0.56, key: 0.68, topic: 0.99 };
const TAIL_SIZE = 1e9;
const WORD_CACHE = 1 << 21;

/** A paper's topics and how much of its text each gets. */
export interface TopicMix {
  topics: number[];
  weights: number[];
}

export class TextModel {
  private readonly kernel: AliasTable;
  private readonly keyKernel: AliasTable;
  private readonly tail: ZipfSampler;
  private readonly background: ZipfSampler;
  private readonly functionWords: AliasTable;
  private readonly titleWords: AliasTable;
  private readonly commonWords: AliasTable;
  private readonly common = [...new Set(COMMON_WORDS)];
  private readonly stride: number;
  private readonly topicArchive: Int32Array;
  /** Words and inflected forms of frequent ids, reused: stemming checks are the slow part. */
  private readonly words = new Map<number, string>();
  private readonly forms = new Map<string, string>();

  constructor(private readonly params: TextModelParams = TEXT_MODEL) {
    this.kernel = new AliasTable(zipfWeights(params.kernelSize, params.kernelExponent));
    // Key terms lean less on the top words, so papers of one topic differ.
    this.keyKernel = new AliasTable(zipfWeights(params.kernelSize, params.kernelExponent * 0.7));
    this.tail = new ZipfSampler(TAIL_SIZE, params.tailExponent);
    this.background = new ZipfSampler(TAIL_SIZE, params.tailExponent);
    this.functionWords = new AliasTable(
      zipfWeights(FUNCTION_WORDS.length, params.functionExponent),
    );
    this.titleWords = new AliasTable(zipfWeights(TITLE_FUNCTION_WORDS.length, 1));
    this.commonWords = new AliasTable(zipfWeights(this.common.length, params.commonExponent));
    const topics = CATEGORIES.length * params.topicsPerCategory;
    this.stride = topics + ARCHIVES.length + 1;
    this.topicArchive = Int32Array.from({ length: topics }, (_, t) =>
      ARCHIVES.indexOf(CATEGORIES[Math.floor(t / params.topicsPerCategory)].archive),
    );
  }

  /** One to three topics: the first from the primary category, others from cross-lists. */
  topicMix(categories: readonly number[], random: () => number): TopicMix {
    const count = random() < 0.45 ? 1 : random() < 0.73 ? 2 : 3;
    const per = this.params.topicsPerCategory;
    const topics: number[] = [];
    for (let i = 0; i < count; i++) {
      const category = categories[i < categories.length && random() < 0.6 ? i : 0];
      const topic = category * per + Math.floor(random() * per);
      if (!topics.includes(topic)) topics.push(topic);
    }
    const weights = topics.map((_, i) => (i === 0 ? 2 + random() * 2 : 0.5 + random()));
    return { topics, weights };
  }

  /** A title of 6–15 words and an abstract of 80–250, as plain text. */
  paperText(mix: TopicMix, random: () => number): { title: string; abstract: string } {
    const keys = Array.from({ length: 4 + Math.floor(random() * 8) }, () =>
      this.wordId(this.pickTopic(mix, random), random, this.keyKernel),
    );
    const keyPicks = new AliasTable(zipfWeights(keys.length, 1));
    const titleLength = 6 + Math.floor(random() * 10);
    const title = Array.from({ length: titleLength }, () => {
      const u = random();
      if (u < TITLE_MIX.function) return TITLE_FUNCTION_WORDS[this.titleWords.sample(random)];
      if (u < TITLE_MIX.common) return this.common[this.commonWords.sample(random)];
      if (u < TITLE_MIX.key) return this.word(keys[keyPicks.sample(random)]);
      return this.word(this.wordId(this.pickTopic(mix, random), random, this.kernel));
    });
    const abstractLength = Math.round(Math.min(250, Math.max(80, normal(random, 155, 45))));
    const words: string[] = [];
    while (words.length < abstractLength) {
      const u = random();
      let word: string;
      if (u < ABSTRACT_MIX.function) word = FUNCTION_WORDS[this.functionWords.sample(random)];
      else if (u < ABSTRACT_MIX.common) word = this.common[this.commonWords.sample(random)];
      else if (u < ABSTRACT_MIX.key)
        word = this.inflect(this.word(keys[keyPicks.sample(random)]), random);
      else if (u < ABSTRACT_MIX.topic) word = this.inflect(this.topicWord(mix, random), random);
      else word = this.word(this.backgroundId(random));
      words.push(word);
    }
    return { title: titleText(title, random), abstract: abstractText(words, random) };
  }

  private topicWord(mix: TopicMix, random: () => number): string {
    return this.word(this.wordId(this.pickTopic(mix, random), random, this.kernel));
  }

  private pickTopic(mix: TopicMix, random: () => number): number {
    let total = 0;
    for (const w of mix.weights) total += w;
    let u = random() * total;
    for (let i = 0; i < mix.topics.length; i++) {
      u -= mix.weights[i];
      if (u < 0) return mix.topics[i];
    }
    return mix.topics[0];
  }

  /** A topic's word id: kernel or tail rank, the topic's own word or its archive's. */
  private wordId(topic: number, random: () => number, kernel: AliasTable): number {
    const { kernelSize, kernelShare, archiveShare } = this.params;
    const rank =
      random() < kernelShare ? kernel.sample(random) : kernelSize + this.tail.sample(random) - 1;
    const topics = this.topicArchive.length;
    const owner = random() < archiveShare ? topics + this.topicArchive[topic] : topic;
    return rank * this.stride + owner;
  }

  /** Rare words of no topic: names, misspellings, notation. */
  private backgroundId(random: () => number): number {
    return (this.background.sample(random) - 1) * this.stride + this.stride - 1;
  }

  private word(id: number): string {
    if (id >= WORD_CACHE) return inventedWord(id);
    let word = this.words.get(id);
    if (word === undefined) this.words.set(id, (word = inventedWord(id)));
    return word;
  }

  /** Plurals and -ing/-ed forms for some occurrences. */
  private inflect(word: string, random: () => number): string {
    const u = random();
    const inflection =
      u < 0.12 ? INFLECTIONS[0] : u < 0.15 ? INFLECTIONS[1] : u < 0.18 ? INFLECTIONS[2] : null;
    if (inflection === null) return word;
    const key = `${word}|${inflection}`;
    let form = this.forms.get(key);
    if (form === undefined) {
      if (this.forms.size >= WORD_CACHE) this.forms.clear();
      this.forms.set(key, (form = inflected(word, inflection)));
    }
    return form;
  }
}

function normal(random: () => number, mean: number, sd: number): number {
  const u = 1 - random();
  return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

function capitalise(word: string): string {
  return word[0].toUpperCase() + word.slice(1);
}

/** Title case for most titles, sentence case for the rest. */
function titleText(words: string[], random: () => number): string {
  if (random() < 0.6) {
    return words.map((w, i) => (i === 0 || w.length > 3 ? capitalise(w) : w)).join(' ');
  }
  return [capitalise(words[0]), ...words.slice(1)].join(' ');
}

/** Sentences of 8–30 words with commas, the odd number and hyphenated compound. */
function abstractText(words: string[], random: () => number): string {
  const sentences: string[] = [];
  for (let at = 0; at < words.length;) {
    const length = Math.min(words.length - at, 8 + Math.floor(random() * 23));
    const parts: string[] = [];
    for (let i = 0; i < length; i++) {
      let word = words[at + i];
      const u = random();
      if (u < 0.01) word = `${Math.floor(random() * 100)}`;
      else if (u < 0.03 && i + 1 < length) word = `${word}-${words[at + ++i]}`;
      else if (u < 0.08 && i + 1 < length) word = `${word},`;
      parts.push(word);
    }
    parts[0] = capitalise(parts[0]);
    sentences.push(`${parts.join(' ')}.`);
    at += length;
  }
  return sentences.join(' ');
}
