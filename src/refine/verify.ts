import { type Analysis, type DocText, sharedCount, sharedIdf, totalIdf } from './analyse.js';
import { type Polarity, type Stance, stanceOf } from './stance.js';

/**
 * The careful half of duplicate detection: given a candidate pair, measure
 * how much of one entry the other says, and whether they disagree.
 *
 * Similarity is asymmetric on purpose: a duplicate is often a short
 * restatement of a long entry, so what matters is how much of the SHORTER
 * entry's vocabulary the longer one contains, weighted by idf so that rare
 * words (names of tools, files, options) count for much more than common ones.
 *
 * Disagreement comes from stance.ts: a term one entry negates or replaces
 * while the other asserts it. A conflict on a term that is central to the
 * pair (in a title, or repeated) weighs most: it is usually the decision
 * itself ("Shield Standard is enough, we will not buy Advanced").
 */

export interface PairFeatures {
  /** tf-idf cosine (sublinear tf). */
  cosine: number;
  /** Share of the shorter entry's idf weight found in the longer one. */
  contain: number;
  /** idf-weighted overlap of the titles (Jaccard). */
  title: number;
  /** Share of the shorter entry's shingles found in the longer one. */
  shingle: number;
  /** idf-weighted sum of conflicts with a title (see conflict()). */
  strong: number;
  /** idf-weighted, centrality-weighted sum of conflicts in the bodies. */
  weak: number;
  /** How much the two state the same decision (see decision()). */
  decision: number;
  /** The conflicting terms, heaviest first (for explanations). */
  conflictTerms: string[];
}

export class Verifier {
  private readonly stances: Array<Stance | undefined>;
  /** Per entry: tf-idf weight of each term (aligned with DocProfile.terms), its norm, and its total idf. */
  private readonly weights: Float32Array[];
  private readonly norms: Float64Array;
  private readonly idfTotals: Float64Array;

  constructor(
    readonly analysis: Analysis,
    private readonly texts: readonly DocText[],
  ) {
    const { docs, idf } = analysis;
    this.stances = new Array(texts.length);
    this.weights = new Array(docs.length);
    this.norms = new Float64Array(docs.length);
    this.idfTotals = new Float64Array(docs.length);
    for (let i = 0; i < docs.length; i++) {
      const d = docs[i]!;
      const w = new Float32Array(d.terms.length);
      let sum = 0;
      let total = 0;
      for (let k = 0; k < d.terms.length; k++) {
        const t = idf[d.terms[k] as number] as number;
        const weight = (1 + Math.log(d.counts[k] as number)) * t;
        w[k] = weight;
        sum += weight * weight;
        total += t;
      }
      this.weights[i] = w;
      this.norms[i] = Math.sqrt(sum);
      this.idfTotals[i] = total;
    }
  }

  /**
   * Cosine and containment in one merge of the two sorted term arrays: this
   * runs for every candidate pair, so it allocates nothing but its result.
   */
  similarity(a: number, b: number): { cosine: number; contain: number } {
    const { docs, idf } = this.analysis;
    const x = docs[a]!;
    const y = docs[b]!;
    const wx = this.weights[a] as Float32Array;
    const wy = this.weights[b] as Float32Array;
    let i = 0;
    let j = 0;
    let dot = 0;
    let shared = 0;
    while (i < x.terms.length && j < y.terms.length) {
      const s = x.terms[i] as number;
      const t = y.terms[j] as number;
      if (s === t) {
        dot += (wx[i++] as number) * (wy[j++] as number);
        shared += idf[s] as number;
      } else if (s < t) i++;
      else j++;
    }
    const norm = (this.norms[a] as number) * (this.norms[b] as number);
    // "Shorter" by idf weight, so that containment is symmetric in a and b.
    const shortTotal = Math.min(this.idfTotals[a] as number, this.idfTotals[b] as number);
    return { cosine: norm > 0 ? dot / norm : 0, contain: shortTotal > 0 ? shared / shortTotal : 0 };
  }

  stance(doc: number): Stance {
    let s = this.stances[doc];
    if (!s) {
      const text = this.texts[doc] as DocText;
      s = this.stances[doc] = stanceOf(text.title, text.body);
    }
    return s;
  }

  /**
   * The verdict on a pair. The stance analysis (a second pass over both
   * texts) only runs for pairs similar enough to merge, a small fraction
   * of the candidates.
   */
  judge(a: number, b: number): Judgement {
    const { cosine, contain } = this.similarity(a, b);
    const score = similarity(cosine, contain);
    if (score < THRESHOLDS.duplicate) return judgeSimilarity(score);
    return judgeFeatures(this.features(a, b));
  }

  features(a: number, b: number): PairFeatures {
    const { docs, idf } = this.analysis;
    const x = docs[a]!;
    const y = docs[b]!;
    const [ta, tb] = [this.idfTotals[a] as number, this.idfTotals[b] as number];
    const [short, long] = ta <= tb ? [x, y] : [y, x];
    const titleShared = sharedIdf(x.title, y.title, idf);
    const titleUnion = totalIdf(x.title, idf) + totalIdf(y.title, idf) - titleShared;
    const { strong, weak, terms } = this.conflict(a, b);
    return {
      ...this.similarity(a, b),
      title: titleUnion > 0 ? titleShared / titleUnion : 0,
      shingle: short.shingles.length > 0 ? sharedCount(short.shingles, long.shingles) / short.shingles.length : 0,
      // Equal weights: either could be "the shorter"; average both readings so that the order never matters.
      decision: ta < tb ? this.decision(a, b) : tb < ta ? this.decision(b, a) : (this.decision(a, b) + this.decision(b, a)) / 2,
      strong,
      weak,
      conflictTerms: terms,
    };
  }

  /**
   * How much two entries state the same decision: the share (by idf) of the
   * longer entry's decision statement that the shorter one says anywhere,
   * and of the shorter one's decision statement found in the longer one's.
   * A restatement covers the decision; an entry on the same topic that
   * decides something else shares the context but not the decision.
   */
  decision(short: number, long: number): number {
    const s = this.stance(short);
    const l = this.stance(long);
    const cover = (from: Polarity, within: Polarity) => {
      let shared = 0;
      let total = 0;
      for (const term of termsOf(from)) {
        const w = this.idfOf(term);
        total += w;
        if (within.asserted.has(term) || within.negated.has(term) || within.kept.has(term)) shared += w;
      }
      return total > 0 ? shared / total : 0;
    };
    return (cover(l.decision, s) + cover(s.decision, l.decision)) / 2;
  }

  private idfOf(term: string): number {
    const id = this.analysis.vocab.get(term);
    return id === undefined ? 0 : (this.analysis.idf[id] as number);
  }

  /**
   * Stance conflicts between two entries, both ways round:
   *
   *   - strong: in the statements of the decisions (stance.ts), one entry
   *     negates a term the other asserts ("not Helm" against "we will use
   *     Helm"), or keeps what the other gives up ("Stay on Jest" against
   *     "Swap Jest for Vitest");
   *   - weak: anywhere else, one entry negates a term the other asserts,
   *     weighted by how often the other repeats it (said three times, it is
   *     a topic; said once, a detail that a restatement may well phrase
   *     negatively without contradicting anything).
   *
   * Each term weighs its idf, so a conflict over "Helm" counts for much more
   * than one over "need".
   */
  conflict(a: number, b: number): { strong: number; weak: number; terms: string[] } {
    const found = new Map<string, number>();
    const note = (term: string, w: number) => found.set(term, Math.max(found.get(term) ?? 0, w));
    let strong = 0;
    let weak = 0;
    for (const [one, other] of [
      [a, b],
      [b, a],
    ] as const) {
      const x = this.stance(one);
      const y = this.stance(other);
      const dx = x.decision;
      const dy = y.decision;
      // Strong: the statements of the decisions disagree.
      for (const [term, n] of dx.negated) {
        if ((dx.asserted.get(term) ?? 0) >= n) continue;
        if ((dy.asserted.get(term) ?? 0) <= (dy.negated.get(term) ?? 0)) continue;
        const w = this.idfOf(term);
        strong += w;
        note(term, 2 * w);
      }
      for (const [term] of dx.kept) {
        if (dx.negated.has(term)) continue;
        if ((dy.negated.get(term) ?? 0) <= (dy.asserted.get(term) ?? 0)) continue;
        const w = this.idfOf(term);
        strong += w;
        note(term, 2 * w);
      }
      // Weak: the texts disagree elsewhere, weighted by how central the term is to the other.
      for (const [term, n] of x.negated) {
        if ((x.asserted.get(term) ?? 0) >= n || found.has(term)) continue;
        const said = (y.asserted.get(term) ?? 0) - (y.negated.get(term) ?? 0);
        if (said <= 0) continue;
        const w = this.idfOf(term) * Math.min(1, said / 3);
        weak += w;
        note(term, w);
      }
    }
    const terms = [...found].sort((p, q) => q[1] - p[1] || (p[0] < q[0] ? -1 : p[0] > q[0] ? 1 : 0)).map((f) => f[0]);
    return { strong, weak, terms };
  }
}

function termsOf(p: Polarity): Set<string> {
  return new Set([...p.asserted.keys(), ...p.negated.keys(), ...p.kept.keys()]);
}

export type Verdict = 'duplicate' | 'similar' | 'related' | 'distinct';

export interface Judgement {
  verdict: Verdict;
  /** Similarity in [0, 1]: the mean of cosine and containment. */
  score: number;
  /** Why a similar pair was not judged a duplicate (empty otherwise). */
  reason: string;
}

/**
 * The thresholds, in one place. Similarity is the mean of cosine (both
 * entries say the same) and containment (the shorter one is inside the
 * longer). A duplicate must also state the same decision (`decision`) and
 * show no stance conflict in its statement of it.
 */
export const THRESHOLDS = {
  /** Similarity from which a pair may merge automatically. */
  duplicate: 0.45,
  /** Decision overlap (Verifier.decision) a duplicate needs. */
  decision: 0.45,
  /** Similarity from which a pair is suggested for `origin merge`. */
  similar: 0.35,
  /** Similarity from which two entries are linked as related in the wiki. */
  related: 0.25,
} as const;

export function similarity(cosine: number, contain: number): number {
  return (cosine + contain) / 2;
}

/** The verdict on a pair too far apart to be a duplicate, from its similarity alone. */
function judgeSimilarity(score: number): Judgement {
  if (score < THRESHOLDS.related) return { verdict: 'distinct', score, reason: '' };
  if (score < THRESHOLDS.similar) return { verdict: 'related', score, reason: '' };
  return { verdict: 'similar', score, reason: 'similar, but not close enough to merge on their own' };
}

/** Turns features into a verdict (see THRESHOLDS). */
export function judgeFeatures(f: PairFeatures): Judgement {
  const score = similarity(f.cosine, f.contain);
  if (score < THRESHOLDS.duplicate) return judgeSimilarity(score);
  if (f.strong > 0) return { verdict: 'similar', score, reason: `they disagree about ${f.conflictTerms.slice(0, 3).join(', ')}` };
  if (f.decision < THRESHOLDS.decision) return { verdict: 'similar', score, reason: 'same topic, but they may record different decisions' };
  return { verdict: 'duplicate', score, reason: '' };
}
