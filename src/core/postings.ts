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

export function buildPostings(docs: readonly IndexableDoc[]): Postings {
  const termIds = new Map<string, number>();
  const counts: number[] = [];
  const perDoc: Map<string, number>[] = [];
  const docLen = new Float32Array(docs.length);
  docs.forEach((doc, d) => {
    const tf = docTermWeights(doc);
    perDoc.push(tf);
    docLen[d] = docLength(tf);
    for (const term of tf.keys()) {
      let id = termIds.get(term);
      if (id === undefined) {
        id = counts.length;
        termIds.set(term, id);
        counts.push(0);
      }
      counts[id] = (counts[id] as number) + 1;
    }
  });
  const sortedTerms = [...termIds.keys()].sort();
  const rank = new Uint32Array(sortedTerms.length);
  sortedTerms.forEach((t, i) => {
    rank[termIds.get(t) as number] = i;
  });
  const offsets = new Uint32Array(sortedTerms.length + 1);
  for (const [term, id] of termIds) offsets[(rank[id] as number) + 1] = counts[id] as number;
  for (let i = 1; i < offsets.length; i++) offsets[i] = (offsets[i] as number) + (offsets[i - 1] as number);
  const total = offsets[sortedTerms.length] as number;
  const postDocs = new Uint32Array(total);
  const postWeights = new Float32Array(total);
  const cursor = offsets.slice(0, sortedTerms.length);
  perDoc.forEach((tf, d) => {
    for (const [term, w] of tf) {
      const r = rank[termIds.get(term) as number] as number;
      const at = cursor[r] as number;
      postDocs[at] = d;
      postWeights[at] = w;
      cursor[r] = at + 1;
    }
  });
  return { terms: sortedTerms, offsets, docs: postDocs, weights: postWeights, docLen };
}

/** Index of a term in the sorted term list, or -1. */
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
