import { proseOf, terms } from '../core/text.js';
import type { TokenBatch } from './kernels.js';
import { type Parallel, serial } from './parallel.js';

/**
 * Text statistics for refine: every entry turned into sorted arrays of
 * interned term ids (so that comparing two entries is a merge of two sorted
 * integer arrays, with no string hashing), plus the document frequency of
 * each term across the store. Built once per run, in one pass, for up to
 * 100k entries; nothing here keeps the raw text.
 */

export interface DocText {
  title: string;
  body: string;
  /** Entries this one absorbed in earlier merges (see PairFeatures.aggregate). */
  merged_from?: readonly string[];
}

export interface DocProfile {
  /** Sorted distinct term ids of title and body. */
  terms: Int32Array;
  /** How often each of `terms` occurs (same order). */
  counts: Uint16Array;
  /** Sorted distinct term ids of the title alone. */
  title: Int32Array;
  /** Sorted distinct hashes of consecutive term pairs (shingles). */
  shingles: Uint32Array;
  /** Number of term occurrences (the entry's length in terms). */
  length: number;
}

export interface Analysis {
  docs: DocProfile[];
  /** Term string -> id. */
  vocab: Map<string, number>;
  /** Id -> term string (for explanations and tests). */
  termOf: string[];
  /** Id -> number of entries containing the term. */
  df: Int32Array;
  /** Id -> inverse document frequency (see idfOf). */
  idf: Float64Array;
  /** Id -> a hash of the term's text (independent of the order terms were met in). */
  termHash: Uint32Array;
  /** Each text's profile, by the text object: what a later analysis of mostly the same texts reuses. */
  profiles: WeakMap<DocText, DocProfile>;
}

// Pseudo-documents that contain no term at all. Without them a store of three
// entries would call every shared word "common" (idf ~0) or every word
// "rare"; with them, idf stays meaningful from a handful of entries up to
// 100k, where the prior is negligible.
const PRIOR_DOCS = 50;

export function idfOf(df: number, n: number): number {
  return Math.log(1 + (n + PRIOR_DOCS) / (df + 1));
}

/**
 * Analyses the texts. With `previous` (an analysis of mostly the same text
 * objects, e.g. the store before a round of merges), the texts it already
 * read keep their profiles and term ids, and only new texts are read: the
 * second round of a refine costs a fraction of the first. Nothing computed
 * from an analysis depends on the order of term ids (ties are broken by
 * term text), so a reused analysis plans like a fresh one, except for the
 * last bit of float sums taken in term-id order (a similarity may differ by
 * 1e-16 between two orders of the same texts; the CLI reads the store in
 * path order, so its output is the same run after run).
 */
export function analyse(texts: readonly DocText[], previous?: Analysis, parallel: Parallel = serial): Analysis {
  const vocab = new Map<string, number>(previous?.vocab);
  const termOf: string[] = previous ? [...previous.termOf] : [];
  // A hash of each term's text: shingles built from it do not depend on the
  // order in which terms were first met, i.e. on the rest of the store.
  let termHash = new Uint32Array(Math.max(1024, termOf.length * 2));
  if (previous) termHash.set(previous.termHash);
  let df = new Int32Array(termHash.length);
  const docs: DocProfile[] = [];
  const profiles = new WeakMap<DocText, DocProfile>();
  const intern = (t: string): number => {
    let id = vocab.get(t);
    if (id === undefined) {
      id = termOf.length;
      vocab.set(t, id);
      termOf.push(t);
      if (id >= df.length) {
        const grown = new Int32Array(df.length * 2);
        grown.set(df);
        df = grown;
        const hashes = new Uint32Array(termHash.length * 2);
        hashes.set(termHash);
        termHash = hashes;
      }
      termHash[id] = hashString(t);
    }
    return id;
  };
  // Term counts of the entry being read, indexed by term id; reset after each
  // entry through the list of ids it touched (no Map, no garbage per entry).
  let counter = new Int32Array(1024);
  const touched: number[] = [];
  const count = (id: number) => {
    if (id >= counter.length) {
      const grown = new Int32Array(Math.max(counter.length * 2, id + 1));
      grown.set(counter);
      counter = grown;
    }
    if ((counter[id] as number) === 0) touched.push(id);
    counter[id] = (counter[id] as number) + 1;
  };
  // On a big store, a worker reads the second half of the new texts while
  // this thread reads the first; its terms are interned here, in the walk's
  // order, so every id is the one this thread would have given.
  const fresh = previous ? texts.filter((t) => !previous.profiles.has(t)) : texts;
  const ahead = fresh.slice(fresh.length >> 1);
  const waitAhead = ahead.length > 0 ? parallel.tokenizeAhead(ahead) : undefined;
  const aheadIndex = new Map<DocText, number>();
  if (waitAhead) for (let k = 0; k < ahead.length; k++) aheadIndex.set(ahead[k] as DocText, k);
  let batch: TokenBatch | undefined;
  let globalOf = new Int32Array(0);
  const fromBatch = (b: TokenBatch, from: number, to: number) => {
    const out: number[] = [];
    for (let p = from; p < to; p++) {
      const local = b.seq[p] as number;
      let id = (globalOf[local] as number) - 1;
      if (id < 0) globalOf[local] = (id = intern(b.vocab[local] as string)) + 1;
      out.push(id);
    }
    return out;
  };
  for (const text of texts) {
    const known = previous?.profiles.get(text);
    if (known) {
      for (const id of known.terms) (df[id] as number)++;
      docs.push(known);
      profiles.set(text, known);
      continue;
    }
    let titleIds: number[];
    let bodyIds: number[];
    const k = aheadIndex.get(text);
    if (k !== undefined && waitAhead) {
      if (!batch) {
        batch = waitAhead();
        globalOf = new Int32Array(batch.vocab.length);
      }
      titleIds = fromBatch(batch, batch.starts[2 * k] as number, batch.starts[2 * k + 1] as number);
      bodyIds = fromBatch(batch, batch.starts[2 * k + 1] as number, batch.starts[2 * k + 2] as number);
    } else {
      titleIds = terms(text.title).map(intern);
      bodyIds = terms(proseOf(text.body)).map(intern);
    }
    for (const id of titleIds) count(id);
    for (const id of bodyIds) count(id);
    const ids = Int32Array.from(touched).sort();
    touched.length = 0;
    const counts = new Uint16Array(ids.length);
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i] as number;
      counts[i] = Math.min(65535, counter[id] as number);
      counter[id] = 0;
      (df[id] as number)++;
    }
    const profile: DocProfile = {
      terms: ids,
      counts,
      title: Int32Array.from(new Set(titleIds)).sort(),
      shingles: pairShingles(titleIds, bodyIds, termHash),
      length: titleIds.length + bodyIds.length,
    };
    docs.push(profile);
    profiles.set(text, profile);
  }
  const n = texts.length;
  const idf = new Float64Array(termOf.length);
  for (let id = 0; id < termOf.length; id++) idf[id] = idfOf(df[id] as number, n);
  return { docs, vocab, termOf, df: df.subarray(0, termOf.length), idf, termHash: termHash.subarray(0, termOf.length), profiles };
}

/**
 * Shingles of two consecutive terms. Stop words are already gone and words
 * stemmed, so a pair of content terms is about as specific as three raw
 * words, and a copy-edit ("we use" -> "we are using") leaves it intact.
 * The title and the body are shingled apart (no pair spans the two).
 */
function pairShingles(title: readonly number[], body: readonly number[], termHash: Uint32Array): Uint32Array {
  const out = new Uint32Array(title.length + body.length);
  let n = 0;
  for (const seq of [title, body]) {
    if (seq.length === 1) out[n++] = mix32(termHash[seq[0] as number] as number);
    for (let i = 0; i + 1 < seq.length; i++) {
      out[n++] = mix32(Math.imul(termHash[seq[i] as number] as number, 0x9e3779b1) ^ (termHash[seq[i + 1] as number] as number));
    }
  }
  const sorted = out.subarray(0, n).sort();
  let unique = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[unique++] = sorted[i] as number;
  return sorted.slice(0, unique);
}

/** FNV-1a over UTF-16 code units, finished with mix32. */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return mix32(h);
}

/** murmur3's finaliser: a cheap, well-mixed 32-bit hash of a 32-bit value. */
export function mix32(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Sum of idf over the terms two sorted id arrays share. */
export function sharedIdf(a: Int32Array, b: Int32Array, idf: Float64Array): number {
  let i = 0;
  let j = 0;
  let sum = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (x === y) {
      sum += idf[x] as number;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return sum;
}

export function totalIdf(a: Int32Array, idf: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += idf[a[i] as number] as number;
  return sum;
}

/** Number of values two sorted arrays share. */
export function sharedCount(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (x === y) {
      n++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return n;
}

/** Does a sorted array hold `value` (binary search)? */
export function sortedHas(sorted: Int32Array, value: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = sorted[mid] as number;
    if (v === value) return true;
    if (v < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
