import { proseOf, terms } from '../core/text.js';
import type { DocText } from './analyse.js';

/**
 * The loops of refine that dominate a big store, written over flat typed
 * arrays and plain texts only, so that a worker thread can run a slice of
 * them (see parallel.ts) and the main thread the rest: the same code on both
 * sides, so the same numbers whichever thread computes them.
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

/** Signature terms per entry at most: which of them an entry holds fits in one byte (see neighbours()). */
export const MAX_SIGNATURE_TERMS = 8;

/**
 * For entries [from, to): the best `keep` neighbours by shared signature
 * weight over the neighbour's norm (a cosine restricted to the signature),
 * among those holding at least minShare of the signature's weight. Written
 * to out[i * keep + k], best first, -1 after the last.
 */
export function neighbours(input: NeighbourInput, from: number, to: number, out: Int32Array): void {
  const { n, keep, minShare, sigStart, sigTerms, offsets, postings, idf, norms } = input;
  // Which of entry i's signature terms each other entry holds, one bit per
  // term: a byte per entry, where a float sum per entry was 8 (the walk over
  // the postings touches entries at random, so this array's size is what
  // the loop waits on). The shared weight of a set of bits is looked up.
  const held = new Uint8Array(n);
  const touched = new Int32Array(n);
  const weightOf = new Float64Array(1 << MAX_SIGNATURE_TERMS);
  // The best `keep` so far, best first (insertion into a short sorted list:
  // sorting every touched entry was most of the time at 100k).
  const bestDoc = new Int32Array(keep);
  const bestScore = new Float64Array(keep);
  for (let i = from; i < to; i++) {
    const first = sigStart[i] as number;
    const size = (sigStart[i + 1] as number) - first;
    if (size > MAX_SIGNATURE_TERMS) throw new Error(`a signature of ${size} terms (at most ${MAX_SIGNATURE_TERMS})`);
    let nTouched = 0;
    for (let s = 0; s < size; s++) {
      const t = sigTerms[first + s] as number;
      const bit = 1 << s;
      for (let p = offsets[t] as number; p < (offsets[t + 1] as number); p++) {
        const j = postings[p] as number;
        if (j === i) continue;
        if (held[j] === 0) touched[nTouched++] = j;
        held[j] = (held[j] as number) | bit;
      }
    }
    // weightOf[bits] adds the terms' idf in signature order, as a running
    // sum per entry did: the same numbers to the last bit.
    for (let bits = 1; bits < 1 << size; bits++) {
      const top = 31 - Math.clz32(bits);
      weightOf[bits] = (weightOf[bits ^ (1 << top)] as number) + (idf[sigTerms[first + top] as number] as number);
    }
    const total = size > 0 ? (weightOf[(1 << size) - 1] as number) : 0;
    const floor = total * minShare;
    let nBest = 0;
    for (let k = 0; k < nTouched; k++) {
      const j = touched[k] as number;
      const sum = weightOf[held[j] as number] as number;
      held[j] = 0;
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

/** The index terms of texts, as ids into a vocabulary of their own (see tokenize()). */
export interface TokenBatch {
  vocab: string[];
  /** Text k: title terms seq[starts[2k] .. starts[2k + 1]), body terms up to starts[2k + 2]. */
  seq: Int32Array;
  starts: Int32Array;
}

/**
 * What analyse() reads of each text (the terms of its title, then of its
 * prose), in order, with ids local to this batch: analyse() interns them in
 * the order it walks the store, so the ids it gives are the ones it would
 * have given reading the texts itself.
 */
export function tokenize(texts: readonly DocText[]): TokenBatch {
  const vocab: string[] = [];
  const ids = new Map<string, number>();
  const starts = new Int32Array(2 * texts.length + 1);
  let seq = new Int32Array(1 << 16);
  let n = 0;
  const push = (list: string[]) => {
    for (const t of list) {
      let id = ids.get(t);
      if (id === undefined) {
        id = vocab.length;
        ids.set(t, id);
        vocab.push(t);
      }
      if (n === seq.length) {
        const grown = new Int32Array(seq.length * 2);
        grown.set(seq);
        seq = grown;
      }
      seq[n++] = id;
    }
  };
  texts.forEach((text, k) => {
    push(terms(text.title));
    starts[2 * k + 1] = n;
    push(terms(proseOf(text.body)));
    starts[2 * k + 2] = n;
  });
  return { vocab, seq: seq.slice(0, n), starts };
}
