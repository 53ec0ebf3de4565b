import type { MemoryIndex } from '../store/memory-index.js';
import type { QueryTerm } from './query.js';
import { TUNING } from './tuning.js';

/**
 * BM25 over the index's field-weighted term frequencies, one concept at a
 * time: the terms of a concept (the asker's word, its other forms, its
 * synonyms) are alternatives, so an entry scores each concept once.
 */
export function idf(n: number, df: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

export interface Scores {
  total: Float64Array;
  /** Bit o set when the doc matched concept o (first 30 concepts). */
  coverage: Uint32Array;
  /** Docs with a score, in the order first met. */
  touched: number[];
  /** Postings (doc numbers) of each query term, for highlighting. */
  postings: Map<string, Uint32Array>;
}

/**
 * BM25 over the query terms. Terms of one concept are alternatives: an
 * entry scores a concept by its best term, not by the sum of them.
 */
export function score(index: MemoryIndex, query: QueryTerm[], origins: number): Scores {
  const size = index.docCount;
  const total = new Float64Array(size);
  const coverage = new Uint32Array(size);
  const touched: number[] = [];
  const postings = new Map<string, Uint32Array>();
  const n = Math.max(1, index.size);
  const avg = index.avgLength || 1;
  const { K1, B } = TUNING;
  // Length normalisation of each doc, computed once per doc met.
  const norm = new Float64Array(size);
  // Per-concept best contribution, reused across concepts.
  const best = new Float64Array(size);
  const groups = new Map<number, QueryTerm[]>();
  for (const q of query) {
    const key = q.origin >= 0 && q.origin < origins ? q.origin : -1 - groups.size;
    const g = groups.get(key);
    if (g) g.push(q);
    else groups.set(key, [q]);
  }
  let hit = new Int32Array(1024);
  for (const [origin, group] of groups) {
    let hits = 0;
    // An alternative term (synonym, other word form) is never worth more than
    // the word the asker wrote: its idf is capped at that word's. Else a rare
    // synonym outranks the records that use the asker's own, commoner word.
    let cap = 0;
    if (TUNING.CAP_EXPANSIONS) for (const q of group) if (q.weight >= 1 && !q.inPhrase) cap = Math.max(cap, idf(n, Math.max(1, index.df(q.term))));
    if (cap === 0) cap = Number.POSITIVE_INFINITY;
    for (const q of group) {
      const { docs, weights } = termPostings(index, q);
      postings.set(q.term, docs);
      const df = docs.length;
      if (df === 0) continue;
      const w0 = q.weight * (q.weight < 1 ? Math.min(cap, idf(n, df)) : idf(n, df)) * (K1 + 1);
      for (let i = 0; i < df; i++) {
        const d = docs[i] as number;
        const w = weights[i] as number;
        let k = norm[d] as number;
        if (k === 0) norm[d] = k = K1 * (1 - B + (B * index.docLength(d)) / avg);
        const c = (w0 * w) / (w + k);
        const prev = best[d] as number;
        if (prev === 0) {
          if (hits === hit.length) {
            const grown = new Int32Array(hit.length * 2);
            grown.set(hit);
            hit = grown;
          }
          hit[hits++] = d;
        }
        if (c > prev) best[d] = c;
      }
    }
    const bit = origin >= 0 && origin < 30 ? 1 << origin : 0;
    for (let i = 0; i < hits; i++) {
      const d = hit[i] as number;
      if (total[d] === 0) touched.push(d);
      total[d] = (total[d] as number) + (best[d] as number);
      best[d] = 0;
      if (bit) coverage[d] = (coverage[d] as number) | bit;
    }
  }
  return { total, coverage, touched, postings };
}

/**
 * Postings of a query term; for a phrase matched by its words, the records
 * holding all of them, each weighed by its scarcest word.
 */
export function termPostings(index: MemoryIndex, q: QueryTerm): { docs: Uint32Array; weights: Float32Array } {
  if (!q.all) return index.postings(q.term);
  let acc: { docs: Uint32Array; weights: Float32Array } | undefined;
  for (const t of q.all) {
    const p = index.postings(t);
    if (!acc) {
      acc = p;
      continue;
    }
    const docs = new Uint32Array(Math.min(acc.docs.length, p.docs.length));
    const weights = new Float32Array(docs.length);
    let n = 0;
    for (let i = 0, j = 0; i < acc.docs.length && j < p.docs.length; ) {
      const a = acc.docs[i] as number;
      const b = p.docs[j] as number;
      if (a < b) i++;
      else if (a > b) j++;
      else {
        docs[n] = a;
        weights[n++] = Math.min(acc.weights[i] as number, p.weights[j] as number);
        i++;
        j++;
      }
    }
    acc = { docs: docs.subarray(0, n), weights: weights.subarray(0, n) };
  }
  return acc ?? { docs: new Uint32Array(0), weights: new Float32Array(0) };
}

/** The k-th largest score among docs (quickselect on a copy). */
export function kthLargest(docs: number[], total: Float64Array, k: number): number {
  const a = new Float64Array(docs.length);
  for (let i = 0; i < docs.length; i++) a[i] = total[docs[i] as number] as number;
  let lo = 0;
  let hi = a.length - 1;
  const target = Math.min(k, a.length) - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >>> 1] as number;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((a[i] as number) > pivot) i++;
      while ((a[j] as number) < pivot) j--;
      if (i <= j) {
        const t = a[i] as number;
        a[i] = a[j] as number;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else break;
  }
  return a[target] as number;
}
