import type { Analysis } from './analyse.js';
import { MAX_SIGNATURE_TERMS } from './kernels.js';
import { lshPairs } from './minhash.js';
import { type Parallel, serial } from './parallel.js';

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
 * Both over-generate on purpose; the verifier (verify.ts) decides.
 */

export interface CandidateOptions {
  /** Rare terms of an entry used to look for its neighbours (at most MAX_SIGNATURE_TERMS). */
  signatureTerms?: number;
  /** Neighbours kept per entry from the term index. */
  neighbours?: number;
  /** Share of an entry's signature weight a neighbour must contain. */
  minShare?: number;
  /** Override of commonTermLimit (tests, tuning). */
  commonLimit?: number;
  /** Where the neighbour search runs (default: this thread). */
  parallel?: Parallel;
}

/**
 * Candidate pairs as a flat array [a0, b0, a1, b1, ...] with a < b, sorted,
 * without repeats. Flat and typed because a big store has millions of them:
 * a tuple per pair, and a Set to dedup them, cost seconds of garbage
 * collection at 100k entries.
 */
export function candidatePairs(analysis: Analysis, options: CandidateOptions = {}): Uint32Array {
  const n = analysis.docs.length;
  // Each pair as one number, low * n + high (exact below 2^53): sorting the
  // numbers sorts the pairs, and repeats end up next to each other.
  let keys = new Float64Array(1 << 16);
  let count = 0;
  const emit = (a: number, b: number) => {
    if (a === b) return;
    if (count === keys.length) {
      const grown = new Float64Array(keys.length * 2);
      grown.set(keys);
      keys = grown;
    }
    keys[count++] = a < b ? a * n + b : b * n + a;
  };
  lshPairs(
    analysis.docs.map((d) => d.shingles),
    emit,
  );
  termIndexPairs(analysis, options, emit);
  const sorted = keys.subarray(0, count).sort();
  const out = new Uint32Array(count * 2);
  let m = 0;
  for (let k = 0; k < count; k++) {
    const key = sorted[k] as number;
    if (k > 0 && key === sorted[k - 1]) continue;
    const lo = Math.floor(key / n);
    out[m++] = lo;
    out[m++] = key - lo * n;
  }
  return out.slice(0, m);
}

/**
 * Terms in more than this many entries are too common to point at a
 * duplicate, and their posting lists would make the search quadratic. The
 * limit grows with the store, but only as its square root, so the work per
 * entry stays bounded (8 terms x 1,265 postings at 100k entries). On the
 * ADR corpus a lower limit (24) lost 7 of 180 restatement/original pairs:
 * topical words such as "terraform" are in 5-15% of a small store.
 */
export function commonTermLimit(n: number): number {
  return Math.max(256, Math.round(4 * Math.sqrt(n)));
}

function termIndexPairs(analysis: Analysis, options: CandidateOptions, emit: (a: number, b: number) => void): void {
  const { docs, df, idf, termHash } = analysis;
  const n = docs.length;
  const size = Math.min(options.signatureTerms ?? 6, MAX_SIGNATURE_TERMS);
  const keep = options.neighbours ?? 8;
  const minShare = options.minShare ?? 0.3;
  const limit = options.commonLimit ?? commonTermLimit(n);
  const parallel = options.parallel ?? serial;

  // Signature: the entry's heaviest rare terms, weight (1 + ln tf) * idf.
  // Ties go by the term's hash, not its id, so that the choice does not
  // depend on the order in which the store's terms were first met.
  const sigStart = parallel.alloc(Int32Array, 4, n + 1);
  const sigTerms = parallel.alloc(Int32Array, 4, n * size);
  // The best `size` terms of an entry so far, best first (insertion into a
  // short list: no array of tuples and no sort per entry).
  const bestTerm = new Int32Array(size);
  const bestWeight = new Float64Array(size);
  const better = (w: number, t: number, k: number) => {
    const bw = bestWeight[k] as number;
    if (w !== bw) return w > bw;
    const bt = bestTerm[k] as number;
    const [ht, hb] = [termHash[t] as number, termHash[bt] as number];
    return ht !== hb ? ht < hb : t < bt;
  };
  for (let i = 0; i < n; i++) {
    const d = docs[i]!;
    let m = 0;
    for (let k = 0; k < d.terms.length; k++) {
      const t = d.terms[k] as number;
      if ((df[t] as number) < 2 || (df[t] as number) > limit) continue;
      const w = (1 + Math.log(d.counts[k] as number)) * (idf[t] as number);
      let pos = m;
      while (pos > 0 && better(w, t, pos - 1)) pos--;
      if (pos >= size) continue;
      for (let q = Math.min(m, size - 1); q > pos; q--) {
        bestTerm[q] = bestTerm[q - 1] as number;
        bestWeight[q] = bestWeight[q - 1] as number;
      }
      bestTerm[pos] = t;
      bestWeight[pos] = w;
      if (m < size) m++;
    }
    const at = sigStart[i] as number;
    for (let k = 0; k < m; k++) sigTerms[at + k] = bestTerm[k] as number;
    sigStart[i + 1] = at + m;
  }
  // Posting lists over every entry containing a rare term (not just those
  // that chose it as a signature term): a short restatement's signature must
  // find its long original even when the original's own heaviest terms differ.
  const postingCount = new Int32Array(idf.length);
  for (const d of docs) for (const t of d.terms) if ((df[t] as number) <= limit) (postingCount[t] as number)++;
  const offsets = parallel.alloc(Int32Array, 4, idf.length + 1);
  for (let t = 0; t < idf.length; t++) offsets[t + 1] = (offsets[t] as number) + (postingCount[t] as number);
  const postings = parallel.alloc(Int32Array, 4, offsets[idf.length] as number);
  const fill = offsets.slice(0, idf.length);
  for (let i = 0; i < n; i++) for (const t of docs[i]!.terms) if ((df[t] as number) <= limit) postings[(fill[t] as number)++] = i;

  // Neighbours are ranked by the shared weight over the neighbour's own
  // length (a cosine restricted to the signature): ranked by the raw sum, long
  // entries that mention everything would crowd out a short original.
  const norms = parallel.alloc(Float64Array, 8, n);
  for (let i = 0; i < n; i++) {
    const d = docs[i]!;
    let sum = 0;
    for (let k = 0; k < d.terms.length; k++) sum += ((1 + Math.log(d.counts[k] as number)) * (idf[d.terms[k] as number] as number)) ** 2;
    norms[i] = Math.sqrt(sum) || 1;
  }
  const shared = parallel.alloc(Float64Array, 8, idf.length);
  shared.set(idf);
  const out = parallel.alloc(Int32Array, 4, n * keep);
  parallel.neighbours({ n, keep, minShare, sigStart, sigTerms, offsets, postings, idf: shared, norms }, out);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < keep; k++) {
      const j = out[i * keep + k] as number;
      if (j < 0) break;
      emit(i, j);
    }
  }
}
