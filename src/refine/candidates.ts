import type { Analysis } from './analyse.js';
import { lshPairs } from './minhash.js';

/**
 * Candidate pairs: the few pairs of entries worth a careful look, found
 * without comparing all n² pairs. Two generators, because duplicates come in
 * two kinds:
 *
 *   - copy-edits share long runs of words: MinHash + LSH over shingles;
 *   - restatements ("we picked Postgres" / "the database is PostgreSQL")
 *     share few shingles but the same rare terms: an inverted index over the
 *     rare terms of each entry, scored by idf.
 *
 * Pairs come back as [low, high] index pairs, sorted, without repeats.
 */

export interface CandidateOptions {
  /** Rare terms of an entry used to look for its neighbours. */
  signatureTerms?: number;
  /** Neighbours kept per entry from the term index. */
  neighbours?: number;
  /** Share of an entry's signature weight a neighbour must contain. */
  minShare?: number;
  /** Override of commonTermLimit (tests, tuning). */
  commonLimit?: number;
}

export function candidatePairs(analysis: Analysis, options: CandidateOptions = {}): Array<[number, number]> {
  const n = analysis.docs.length;
  const seen = new Set<number>();
  const pairs: Array<[number, number]> = [];
  const emit = (a: number, b: number) => {
    if (a === b) return;
    const lo = Math.min(a, b);
    const hi = Math.max(a, b);
    const key = lo * n + hi;
    if (seen.has(key)) return;
    seen.add(key);
    pairs.push([lo, hi]);
  };
  lshPairs(
    analysis.docs.map((d) => d.shingles),
    emit,
  );
  termIndexPairs(analysis, options, emit);
  return pairs.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
}

/**
 * Terms in more than this many entries are too common to point at a
 * duplicate, and their posting lists would make the search quadratic. The
 * limit grows with the store, but only as its square root, so the work per
 * entry stays bounded (12 terms x 1,265 postings at 100k entries). On the
 * ADR corpus a lower limit (24) lost 7 of 180 restatement/original pairs:
 * topical words such as "terraform" are in 5-15% of a small store.
 */
export function commonTermLimit(n: number): number {
  return Math.max(256, Math.round(4 * Math.sqrt(n)));
}

function termIndexPairs(analysis: Analysis, options: CandidateOptions, emit: (a: number, b: number) => void): void {
  const { docs, df, idf } = analysis;
  const n = docs.length;
  const size = options.signatureTerms ?? 12;
  const keep = options.neighbours ?? 8;
  const minShare = options.minShare ?? 0.3;
  const limit = options.commonLimit ?? commonTermLimit(n);

  // Signature: the entry's heaviest rare terms, weight (1 + ln tf) * idf.
  const signatures: Int32Array[] = new Array(n);
  const postingCount = new Int32Array(idf.length);
  for (let i = 0; i < n; i++) {
    const d = docs[i]!;
    const picked: Array<[number, number]> = [];
    for (let k = 0; k < d.terms.length; k++) {
      const t = d.terms[k] as number;
      if ((df[t] as number) < 2 || (df[t] as number) > limit) continue;
      picked.push([t, (1 + Math.log(d.counts[k] as number)) * (idf[t] as number)]);
    }
    // Heaviest first; ties by term id so the choice never depends on Map order.
    picked.sort((x, y) => y[1] - x[1] || x[0] - y[0]);
    const sig = Int32Array.from(picked.slice(0, size), (p) => p[0]);
    signatures[i] = sig;
  }
  // Posting lists over every entry containing a rare term (not just those
  // that chose it as a signature term): a short restatement's signature must
  // find its long original even when the original's own heaviest terms differ.
  for (const d of docs) for (const t of d.terms) if ((df[t] as number) <= limit) (postingCount[t] as number)++;
  const offsets = new Int32Array(idf.length + 1);
  for (let t = 0; t < idf.length; t++) offsets[t + 1] = (offsets[t] as number) + (postingCount[t] as number);
  const postings = new Int32Array(offsets[idf.length] as number);
  const fill = offsets.slice(0, idf.length);
  for (let i = 0; i < n; i++) for (const t of docs[i]!.terms) if ((df[t] as number) <= limit) postings[(fill[t] as number)++] = i;

  // Neighbours are ranked by the shared weight over the neighbour's own
  // length (a cosine restricted to the signature): ranked by the raw sum, long
  // entries that mention everything would crowd out a short original.
  const norms = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = docs[i]!;
    let sum = 0;
    for (let k = 0; k < d.terms.length; k++) sum += ((1 + Math.log(d.counts[k] as number)) * (idf[d.terms[k] as number] as number)) ** 2;
    norms[i] = Math.sqrt(sum) || 1;
  }
  const acc = new Float64Array(n);
  const touched: number[] = [];
  for (let i = 0; i < n; i++) {
    const sig = signatures[i] as Int32Array;
    if (sig.length === 0) continue;
    let total = 0;
    for (const t of sig) {
      const w = idf[t] as number;
      total += w;
      for (let p = offsets[t] as number; p < (offsets[t + 1] as number); p++) {
        const j = postings[p] as number;
        if (j === i) continue;
        if (acc[j] === 0) touched.push(j);
        acc[j] = (acc[j] as number) + w;
      }
    }
    const floor = total * minShare;
    const found: Array<[number, number]> = [];
    for (const j of touched) {
      if ((acc[j] as number) >= floor) found.push([j, (acc[j] as number) / (norms[j] as number)]);
      acc[j] = 0;
    }
    touched.length = 0;
    found.sort((x, y) => y[1] - x[1] || x[0] - y[0]);
    for (let k = 0; k < found.length && k < keep; k++) emit(i, (found[k] as [number, number])[0]);
  }
}
