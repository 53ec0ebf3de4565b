/**
 * The two loops of refine that dominate a big store, written over flat typed
 * arrays only, so that a worker thread can run a slice of them on shared
 * memory (see parallel.ts) and the main thread the rest: the same code on
 * both sides, so the same numbers whichever thread computes them.
 */

/** The term index of a store, for finding each entry's nearest neighbours (candidates.ts). */
export interface NeighbourInput {
  n: number;
  /** Neighbours kept per entry. */
  keep: number;
  /** Share of an entry's signature weight a neighbour must contain. */
  minShare: number;
  /** Signature terms of entry i: sigTerms[sigStart[i] .. sigStart[i + 1]). */
  sigStart: Int32Array;
  sigTerms: Int32Array;
  /** Entries holding term t: postings[offsets[t] .. offsets[t + 1]), ascending. */
  offsets: Int32Array;
  postings: Int32Array;
  idf: Float64Array;
  /** Each entry's tf-idf norm. */
  norms: Float64Array;
}

/**
 * For entries [from, to): the best `keep` neighbours by shared signature
 * weight over the neighbour's norm (a cosine restricted to the signature),
 * among those holding at least minShare of the signature's weight. Written
 * to out[i * keep + k], best first, -1 after the last.
 */
export function neighbours(input: NeighbourInput, from: number, to: number, out: Int32Array): void {
  const { n, keep, minShare, sigStart, sigTerms, offsets, postings, idf, norms } = input;
  const acc = new Float64Array(n);
  const touched = new Int32Array(n);
  // The best `keep` so far, best first (insertion into a short sorted list:
  // sorting every touched entry was most of the time at 100k).
  const bestDoc = new Int32Array(keep);
  const bestScore = new Float64Array(keep);
  for (let i = from; i < to; i++) {
    let total = 0;
    let nTouched = 0;
    for (let s = sigStart[i] as number; s < (sigStart[i + 1] as number); s++) {
      const t = sigTerms[s] as number;
      const w = idf[t] as number;
      total += w;
      for (let p = offsets[t] as number; p < (offsets[t + 1] as number); p++) {
        const j = postings[p] as number;
        if (j === i) continue;
        if (acc[j] === 0) touched[nTouched++] = j;
        acc[j] = (acc[j] as number) + w;
      }
    }
    const floor = total * minShare;
    let nBest = 0;
    for (let k = 0; k < nTouched; k++) {
      const j = touched[k] as number;
      const sum = acc[j] as number;
      acc[j] = 0;
      if (sum < floor) continue;
      const score = sum / (norms[j] as number);
      // Position among the best so far; equal scores keep the smaller index first.
      let pos = nBest;
      while (pos > 0 && ((bestScore[pos - 1] as number) < score || ((bestScore[pos - 1] as number) === score && (bestDoc[pos - 1] as number) > j))) pos--;
      if (pos >= keep) continue;
      for (let m = Math.min(nBest, keep - 1); m > pos; m--) {
        bestDoc[m] = bestDoc[m - 1] as number;
        bestScore[m] = bestScore[m - 1] as number;
      }
      bestDoc[pos] = j;
      bestScore[pos] = score;
      if (nBest < keep) nBest++;
    }
    for (let k = 0; k < keep; k++) out[i * keep + k] = k < nBest ? (bestDoc[k] as number) : -1;
  }
}

/** Every entry's weighted terms, for scoring pairs (verify.ts). */
export interface ScoreInput {
  /** Terms of entry i: terms[start[i] .. start[i + 1]), ascending, with their tf-idf weights. */
  start: Int32Array;
  terms: Int32Array;
  weights: Float32Array;
  idf: Float64Array;
  norms: Float64Array;
  /** Each entry's total idf (containment is measured against the shorter one). */
  idfTotals: Float64Array;
  /** Candidate pairs, flat [a0, b0, a1, b1, ...], grouped by their first entry. */
  pairs: Uint32Array;
}

/**
 * The similarity (mean of tf-idf cosine and idf containment) of pairs
 * [from, to) into out[k]. Each run of pairs with the same first entry spreads
 * that entry's weights into a table indexed by term once, and each partner
 * is a pass over its own terms: no branches on the order of two lists. The
 * sums run over the partner's shared terms in ascending order, as a merge of
 * the two sorted lists does (Verifier.similarity), so the numbers are the same.
 */
export function pairScores(input: ScoreInput, from: number, to: number, out: Float64Array): void {
  const { start, terms, weights, idf, norms, idfTotals, pairs } = input;
  const dense = new Float32Array(idf.length);
  for (let k = from; k < to; ) {
    const a = pairs[2 * k] as number;
    for (let p = start[a] as number; p < (start[a + 1] as number); p++) dense[terms[p] as number] = weights[p] as number;
    const normA = norms[a] as number;
    const totalA = idfTotals[a] as number;
    for (; k < to && pairs[2 * k] === a; k++) {
      const b = pairs[2 * k + 1] as number;
      let dot = 0;
      let shared = 0;
      for (let p = start[b] as number; p < (start[b + 1] as number); p++) {
        const t = terms[p] as number;
        const w = dense[t] as number;
        if (w !== 0) {
          dot += w * (weights[p] as number);
          shared += idf[t] as number;
        }
      }
      const norm = normA * (norms[b] as number);
      const shortTotal = Math.min(totalA, idfTotals[b] as number);
      out[k] = ((norm > 0 ? dot / norm : 0) + (shortTotal > 0 ? shared / shortTotal : 0)) / 2;
    }
    for (let p = start[a] as number; p < (start[a + 1] as number); p++) dense[terms[p] as number] = 0;
  }
}
