import { terms } from './text.js';

/**
 * An inverted index in flat typed arrays, so that it can be written to and
 * read from one binary cache file without parsing. Term frequencies are
 * field-weighted (BM25F-style): a word in the title counts more than one in
 * the body.
 */
export const FIELD_WEIGHTS = { title: 5, tags: 2, files: 1, body: 1 } as const;

export interface IndexableDoc {
  title: string;
  tags: readonly string[];
  files: readonly string[];
  body: string;
}

export interface Postings {
  /** Sorted terms (code-unit order) so lookups can binary-search. */
  terms: string[];
  /** offsets[t]..offsets[t+1] is the slice of docs/weights for terms[t]. */
  offsets: Uint32Array;
  docs: Uint32Array;
  weights: Float32Array;
  /** Weighted length of each document. */
  docLen: Float32Array;
}

/** Weighted term frequencies of one document. */
export function docTermWeights(doc: IndexableDoc): Map<string, number> {
  const tf = new Map<string, number>();
  const add = (text: string, w: number) => {
    for (const t of terms(text)) tf.set(t, (tf.get(t) ?? 0) + w);
  };
  add(doc.title, FIELD_WEIGHTS.title);
  add(doc.tags.join(' '), FIELD_WEIGHTS.tags);
  add(doc.files.join(' '), FIELD_WEIGHTS.files);
  add(doc.body, FIELD_WEIGHTS.body);
  return tf;
}

export function docLength(tf: Map<string, number>): number {
  let n = 0;
  for (const w of tf.values()) n += w;
  return n;
}

/**
 * Builds postings one document at a time, so a caller can drop each
 * document's text once it is added: only (term, weight) pairs are kept, in
 * typed arrays, until `finish` sorts them by term.
 */
export class PostingsBuilder {
  private readonly termIds = new Map<string, number>();
  private readonly termList: string[] = [];
  private counts = new Uint32Array(1024);
  private pairTerm = new Uint32Array(1 << 16);
  private pairWeight = new Float32Array(1 << 16);
  private pairs = 0;
  private docStart: number[] = [];
  private lengths: number[] = [];

  add(doc: IndexableDoc): void {
    const tf = docTermWeights(doc);
    this.docStart.push(this.pairs);
    this.lengths.push(docLength(tf));
    if (this.pairs + tf.size > this.pairTerm.length) {
      const size = Math.max(this.pairTerm.length * 2, this.pairs + tf.size);
      const t = new Uint32Array(size);
      t.set(this.pairTerm.subarray(0, this.pairs));
      const w = new Float32Array(size);
      w.set(this.pairWeight.subarray(0, this.pairs));
      this.pairTerm = t;
      this.pairWeight = w;
    }
    for (const [term, weight] of tf) {
      let id = this.termIds.get(term);
      if (id === undefined) {
        id = this.termList.length;
        this.termIds.set(term, id);
        this.termList.push(term);
        if (id >= this.counts.length) {
          const c = new Uint32Array(this.counts.length * 2);
          c.set(this.counts);
          this.counts = c;
        }
      }
      this.counts[id] = (this.counts[id] as number) + 1;
      this.pairTerm[this.pairs] = id;
      this.pairWeight[this.pairs] = weight;
      this.pairs++;
    }
  }

  finish(): Postings {
    const sortedTerms = [...this.termList].sort();
    const rank = new Uint32Array(sortedTerms.length);
    sortedTerms.forEach((t, i) => {
      rank[this.termIds.get(t) as number] = i;
    });
    const offsets = new Uint32Array(sortedTerms.length + 1);
    for (let id = 0; id < this.termList.length; id++) offsets[(rank[id] as number) + 1] = this.counts[id] as number;
    for (let i = 1; i < offsets.length; i++) offsets[i] = (offsets[i] as number) + (offsets[i - 1] as number);
    const postDocs = new Uint32Array(this.pairs);
    const postWeights = new Float32Array(this.pairs);
    const cursor = offsets.slice(0, sortedTerms.length);
    const docCount = this.docStart.length;
    for (let d = 0; d < docCount; d++) {
      const end = d + 1 < docCount ? (this.docStart[d + 1] as number) : this.pairs;
      for (let k = this.docStart[d] as number; k < end; k++) {
        const r = rank[this.pairTerm[k] as number] as number;
        const at = cursor[r] as number;
        postDocs[at] = d;
        postWeights[at] = this.pairWeight[k] as number;
        cursor[r] = at + 1;
      }
    }
    return { terms: sortedTerms, offsets, docs: postDocs, weights: postWeights, docLen: Float32Array.from(this.lengths) };
  }
}

export function buildPostings(docs: readonly IndexableDoc[]): Postings {
  const builder = new PostingsBuilder();
  for (const doc of docs) builder.add(doc);
  return builder.finish();
}

/** Index of a term in the sorted term list, or -1. */
/** The first index of `sorted` whose string is at or after `value` in code-unit order (sorted.length when none is). */
export function lowerBound(sorted: readonly string[], value: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as string) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function findTerm(sorted: readonly string[], term: string): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const t = sorted[mid] as string;
    if (t === term) return mid;
    if (t < term) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
