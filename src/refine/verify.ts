import { proseOf } from '../core/text.js';
import { type Analysis, type DocText, idfOf, sharedCount, sortedHas } from './analyse.js';
import { antonymConflicts, antonymWords } from './antonyms.js';
import type { ScoreInput } from './kernels.js';
import { type NumberSlots, numberConflicts, numberSlots } from './numbers.js';
import { type Parallel, serial } from './parallel.js';
import { hasAbbreviated, termsOf } from './polarity-terms.js';
import { type Polarity, type Stance, stanceOf } from './stance.js';
import { THRESHOLDS } from './thresholds.js';
import { TitleRules } from './titles.js';

/**
 * The careful half of duplicate detection: given a candidate pair, measure
 * how much of one entry the other says, whether they state the same
 * decision, and whether they disagree.
 *
 *   - Similarity is partly asymmetric on purpose: a duplicate is often a
 *     short restatement of a long entry, so besides the cosine it counts how
 *     much of the SHORTER entry's vocabulary the longer one contains,
 *     weighted by idf so that rare words (tools, files, options) count for
 *     much more than common ones.
 *   - Two entries on one topic share most words whatever they decided; what
 *     a restatement shares in particular is the statement of the decision
 *     (title, "Decision" section, "we will..." sentences; see stance.ts).
 *   - A term one decision statement negates, replaces or keeps while the
 *     other asserts or gives it up is a contradiction: never merged when the
 *     term is specific (idf), only weighed when it is common.
 *   - Most entries that decide otherwise negate nothing: they pick another
 *     option. What shows it is novelty: the terms of the shorter entry's
 *     decision the longer one never uses, or uses only in its context.
 *
 * Measured on 523 real ADRs with 100 restatements and 80 same-topic,
 * different-decision entries (scripts/eval-dedup.mjs); the figures and the
 * limits of a lexical method are in the report of that script.
 */

export interface PairFeatures {
  /** tf-idf cosine (sublinear tf). */
  cosine: number;
  /** Share of the shorter entry's idf weight found in the longer one. */
  contain: number;
  /** Share of the shorter entry's shingles found in the longer one (copy-edits score high). */
  shingle: number;
  /** How much the two state the same decision (see decision()). */
  decision: number;
  /** Share of the longer entry's decision statement that the shorter one says (see decision()). */
  decisionCovered: number;
  /** idf-weighted sum of the stance conflicts between the decision statements (see conflict()). */
  conflict: number;
  /** The conflicting terms, heaviest first (for explanations). */
  conflictTerms: string[];
  /** idf of the rarest conflicting term (0 without conflict): a conflict on a common word alone is weak evidence. */
  conflictMax: number;
  /**
   * A conflicting term that both titles name: the very thing the two entries
   * decide about ("Use Redis" against "Do not use Redis; use Memcached").
   * Blocks however common the term is: in a project's own store the tools
   * it decides about are the commonest words of all.
   */
  titleConflict?: boolean;
  /**
   * Specific terms (idf >= THRESHOLDS.titleTerm) of each title that the other
   * entry never uses, when BOTH titles have some: two entries whose titles
   * each name something the other never mentions are about different
   * things ("ledger uses Redis" / "ledger uses Kafka", "billing is owned by
   * the platform team" / "search is owned by the platform team"), however
   * alike the rest of their text (a template, a shared context). Only for
   * parallel titles (THRESHOLDS.titleParallel): a restatement words its
   * title its own way, and names its source's subject.
   */
  titleExclusive?: [string[], string[]];
  /**
   * The longer entry has absorbed others (merged_from). Its body is the
   * union of several entries', so nearly anything on its topic is
   * "contained" in it, and each merge would make it contain more: an
   * aggregate absorbs an entry only when the two are alike as wholes
   * (cosine), not merely because the entry's words are somewhere in it.
   */
  aggregate?: boolean;
  /** idf weight of the specific terms (idf >= THRESHOLDS.specific) the two share. */
  specificShared: number;
  /** The idf from which a term is specific in this store: THRESHOLDS.specific, or less in a store of a few entries (see Verifier). */
  specificFloor?: number;
  /**
   * Specific detail the two share, in words only the two use (each shared
   * specific term counts its idf over that of such a word, so the measure
   * means the same in a store of 50 entries or 100k): see THRESHOLDS.confident.
   */
  sharedDetail: number;
  /** idf weight of the shorter entry's decision terms the longer entry never uses (see novelty()). */
  novel: number;
  /** idf weight of the shorter entry's decision terms the longer one uses only outside its own decision statement. */
  aside: number;
  /** The novel terms, heaviest first (for explanations). */
  novelTerms: string[];
  /** What the two count differently ("10 / 25 connections") or take opposite sides of ("before / after"): a later entry that changes a number updates a fact, it does not restate it (see numbers.ts, antonyms.ts). */
  differences?: string[];
  /** The first conflicting and novel terms as the texts write them ("autoscaling", not "autoscal"), for the reasons people read. */
  conflictWords?: string[];
  novelWords?: string[];
}

/** Terms named in a reason, at most. */
const REASON_TERMS = 3;

/**
 * Stances by text object, shared by the verifiers of one refine's rounds (an
 * entry left alone by a merge is not read again), and dropped with the
 * refine: at 100k entries they hold hundreds of megabytes the wiki build
 * would otherwise drag through every garbage collection.
 */
export type StanceCache = WeakMap<DocText, Stance>;

export class Verifier {
  private readonly stances: Array<Stance | undefined>;
  private readonly edits: Array<{ numbers: NumberSlots; words: ReadonlySet<string> } | undefined> = [];
  private readonly titles: TitleRules;
  /**
   * Every entry's terms and their tf-idf weights, flat: entry i's are at
   * [start[i], start[i + 1]) (aligned with DocProfile.terms). One allocation
   * instead of one per entry, in memory that `parallel` shares, so that
   * scoreInput() hands them to the worker threads without a copy.
   */
  private readonly start: Int32Array;
  private readonly terms: Int32Array;
  private readonly weights: Float32Array;
  /** Per entry: the norm of its weights, and its total idf. */
  private readonly norms: Float64Array;
  private readonly idfTotals: Float64Array;
  /** A term is specific from THRESHOLDS.specific, or when at most two entries use it (all a tiny store can show). */
  private readonly specificIdf: number;
  /** idf of a word only two entries use: the unit of sharedDetail. */
  private readonly pairIdf: number;

  constructor(
    readonly analysis: Analysis,
    private readonly texts: readonly DocText[],
    private readonly stanceCache: StanceCache = new WeakMap(),
    parallel: Parallel = serial,
  ) {
    const { docs, idf } = analysis;
    const n = docs.length;
    this.stances = new Array(texts.length);
    this.titles = new TitleRules(analysis, texts);
    this.specificIdf = Math.min(THRESHOLDS.specific, idfOf(2, n));
    this.pairIdf = idfOf(2, n);
    this.start = parallel.alloc(Int32Array, 4, n + 1);
    for (let i = 0; i < n; i++) this.start[i + 1] = (this.start[i] as number) + docs[i]!.terms.length;
    this.terms = parallel.alloc(Int32Array, 4, this.start[n] as number);
    this.weights = parallel.alloc(Float32Array, 4, this.start[n] as number);
    this.norms = parallel.alloc(Float64Array, 8, n);
    this.idfTotals = parallel.alloc(Float64Array, 8, n);
    for (let i = 0; i < n; i++) {
      const d = docs[i]!;
      const at = this.start[i] as number;
      this.terms.set(d.terms, at);
      let sum = 0;
      let total = 0;
      for (let k = 0; k < d.terms.length; k++) {
        const t = idf[d.terms[k] as number] as number;
        const weight = (1 + Math.log(d.counts[k] as number)) * t;
        this.weights[at + k] = weight;
        sum += weight * weight;
        total += t;
      }
      this.norms[i] = Math.sqrt(sum);
      this.idfTotals[i] = total;
    }
  }

  /** Cosine and containment, in one merge of the two sorted term arrays. */
  similarity(a: number, b: number): { cosine: number; contain: number } {
    this.merge(a, b);
    return { cosine: this.lastCosine, contain: this.lastContain };
  }

  private lastCosine = 0;
  private lastContain = 0;

  private merge(a: number, b: number): void {
    const { idf } = this.analysis;
    const { terms, weights, start } = this;
    let i = start[a] as number;
    let j = start[b] as number;
    const [endA, endB] = [start[a + 1] as number, start[b + 1] as number];
    let dot = 0;
    let shared = 0;
    while (i < endA && j < endB) {
      const s = terms[i] as number;
      const t = terms[j] as number;
      if (s === t) {
        dot += (weights[i++] as number) * (weights[j++] as number);
        shared += idf[s] as number;
      } else if (s < t) i++;
      else j++;
    }
    const norm = (this.norms[a] as number) * (this.norms[b] as number);
    // "Shorter" by idf weight, so that containment is symmetric in a and b.
    const shortTotal = Math.min(this.idfTotals[a] as number, this.idfTotals[b] as number);
    this.lastCosine = norm > 0 ? dot / norm : 0;
    this.lastContain = shortTotal > 0 ? shared / shortTotal : 0;
  }

  /** What an edit changed (see PairFeatures.differences): read only for pairs alike enough to be edits of each other. */
  private differences(a: number, b: number): string[] {
    const [x, y] = [this.edit(a), this.edit(b)];
    return [...numberConflicts(x.numbers, y.numbers), ...antonymConflicts(x.words, y.words)];
  }

  private edit(doc: number): { numbers: NumberSlots; words: ReadonlySet<string> } {
    let e = this.edits[doc];
    if (!e) {
      const text = this.texts[doc] as DocText;
      const prose = `${text.title}\n${proseOf(text.body)}`;
      this.edits[doc] = e = { numbers: numberSlots(prose), words: antonymWords(prose) };
    }
    return e;
  }

  stance(doc: number): Stance {
    let s = this.stances[doc];
    if (!s) {
      const text = this.texts[doc] as DocText;
      s = this.stanceCache.get(text);
      if (!s) this.stanceCache.set(text, (s = stanceOf(text.title, text.body)));
      this.stances[doc] = s;
    }
    return s;
  }

  /**
   * The verdict on a pair, or undefined when the two are unrelated (most
   * candidates). The stance analysis (a second pass over both texts) only
   * runs for pairs similar enough to merge, a small fraction of them.
   */
  judge(a: number, b: number): Judgement | undefined {
    const score = this.score(a, b);
    if (score < THRESHOLDS.related) return undefined;
    if (score < THRESHOLDS.duplicate) return judgeSimilarity(score);
    return judgeFeatures(this.features(a, b));
  }

  /** similarity() of cosine and containment, without allocating (it runs for every candidate pair). */
  score(a: number, b: number): number {
    this.merge(a, b);
    return similarity(this.lastCosine, this.lastContain);
  }

  /**
   * The verifier's weights as flat arrays (shared with worker threads when
   * the constructor was given the same `parallel`), with the pairs to score:
   * the input of kernels.pairScores(), which
   * gives score(a, b) for each pair, a table lookup per term instead of a
   * merge of two sorted lists (1.5x faster on 1.7M pairs at 100k).
   */
  scoreInput(parallel: Parallel, pairs: Uint32Array): ScoreInput {
    const copy = <T extends Float64Array | Uint32Array>(make: new (b: ArrayBuffer | SharedArrayBuffer) => T, bytes: number, from: ArrayLike<number>) => {
      const out = parallel.alloc(make, bytes, from.length);
      out.set(from);
      return out;
    };
    // The per-entry arrays are already flat, in the memory of the `parallel` given to the constructor.
    return {
      start: this.start,
      terms: this.terms,
      weights: this.weights,
      idf: copy(Float64Array, 8, this.analysis.idf),
      norms: this.norms,
      idfTotals: this.idfTotals,
      pairs: copy(Uint32Array, 4, pairs),
    };
  }

  features(a: number, b: number): PairFeatures {
    const { docs } = this.analysis;
    const [ta, tb] = [this.idfTotals[a] as number, this.idfTotals[b] as number];
    const [short, long] = ta <= tb ? [docs[a]!, docs[b]!] : [docs[b]!, docs[a]!];
    const similar = this.similarity(a, b);
    const { weight, terms, max } = this.conflict(a, b, similar.cosine >= THRESHOLDS.edited);
    const { vocab } = this.analysis;
    const inTitles = (t: string) => {
      const id = vocab.get(t);
      return id !== undefined && sortedHas(docs[a]!.title, id) && sortedHas(docs[b]!.title, id);
    };
    const shingle = short.shingles.length > 0 ? sharedCount(short.shingles, long.shingles) / short.shingles.length : 0;
    const specificShared = this.specificShared(a, b);
    const f: PairFeatures = {
      ...similar,
      shingle,
      ...this.decisionFeatures(a, b, ta, tb),
      conflict: weight,
      conflictTerms: terms,
      conflictMax: max,
      titleConflict: terms.some(inTitles),
      ...this.titles.exclusive(a, b, shingle >= THRESHOLDS.copy),
      specificShared,
      specificFloor: this.specificIdf,
      sharedDetail: specificShared / this.pairIdf,
      ...(similar.cosine >= THRESHOLDS.edited ? { differences: this.differences(a, b) } : {}),
      ...((this.texts[ta <= tb ? b : a]!.merged_from?.length ?? 0) > 0 ? { aggregate: true } : {}),
      ...(ta <= tb ? this.novelty(a, b) : this.novelty(b, a)),
    };
    return { ...f, conflictWords: this.written(f.conflictTerms, a, b), novelWords: this.written(f.novelTerms, a, b) };
  }

  /** The first REASON_TERMS terms as either text wrote them (the stem when neither did: a term of the body outside the stance). */
  private written(terms: readonly string[], a: number, b: number): string[] {
    const [x, y] = [this.stance(a), this.stance(b)];
    return terms.slice(0, REASON_TERMS).map((t) => x.decision.written?.get(t) ?? y.decision.written?.get(t) ?? x.written?.get(t) ?? y.written?.get(t) ?? t);
  }

  /**
   * The idf weight of the specific terms two entries share. In a store of
   * under ~27 entries a word of three entries is not specific (see
   * specificIdf), so there three restatements of one fact dilute each
   * other's detail (sharedDetail) and are only suggested; counting such
   * words made every short restatement in a small store confident.
   */
  private specificShared(a: number, b: number): number {
    const { docs, idf } = this.analysis;
    const [x, y] = [docs[a]!.terms, docs[b]!.terms];
    let sum = 0;
    for (let i = 0, j = 0; i < x.length && j < y.length; ) {
      const s = x[i] as number;
      const t = y[j] as number;
      if (s === t) {
        if ((idf[s] as number) >= this.specificIdf) sum += idf[s] as number;
        i++;
        j++;
      } else if (s < t) i++;
      else j++;
    }
    return sum;
  }

  /**
   * What the shorter entry's statement of its decision says that the longer
   * entry does not decide. A restatement re-uses the source's specific terms
   * (the tool, the option, the file); an entry on the same topic that
   * decides otherwise brings its own option: either a term the other never
   * uses (`novel`: "inline rules sit together per component file" against
   * "separate rules, one file per group"), or one the other mentions only
   * outside its decision (`aside`: the alternative it weighed in its
   * context and did not pick). Both are idf weights, so a paraphrase's
   * common words ("bring", "start") count for little. Ties in length go to
   * `short` as given (features() passes the entry with less idf weight).
   */
  novelty(short: number, long: number): { novel: number; aside: number; novelTerms: string[] } {
    const s = this.stance(short).decision;
    const l = this.stance(long).decision;
    const text = this.analysis.docs[long]!.terms;
    const novel: Array<[string, number]> = [];
    let aside = 0;
    for (const term of termsOf(s)) {
      const id = this.analysis.vocab.get(term);
      if (id === undefined || hasAbbreviated(l, term)) continue;
      const w = this.analysis.idf[id] as number;
      // The term index, not the stance maps: those leave out the words a
      // phrase's head qualifies ("merge CONFLICTS that slow development time").
      if (sortedHas(text, id)) aside += w;
      else novel.push([term, w]);
    }
    novel.sort((p, q) => q[1] - p[1] || (p[0] < q[0] ? -1 : p[0] > q[0] ? 1 : 0));
    return { novel: novel.reduce((sum, n) => sum + n[1], 0), aside, novelTerms: novel.map((n) => n[0]) };
  }

  /** decision() with the shorter entry first; on equal weights, the mean of both readings, so that the order never matters. */
  private decisionFeatures(a: number, b: number, ta: number, tb: number): { decision: number; decisionCovered: number } {
    if (ta !== tb) {
      const d = ta < tb ? this.decision(a, b) : this.decision(b, a);
      return { decision: d.overlap, decisionCovered: d.covered };
    }
    const [x, y] = [this.decision(a, b), this.decision(b, a)];
    return { decision: (x.overlap + y.overlap) / 2, decisionCovered: (x.covered + y.covered) / 2 };
  }

  /**
   * How much two entries state the same decision: `covered` is the share
   * (by idf) of the longer entry's decision statement that the shorter one
   * says anywhere; `overlap` averages it with the share of the shorter one's
   * decision statement found in the longer one's. A restatement covers the
   * decision; an entry on the same topic that decides something else shares
   * the context but not the decision.
   */
  decision(short: number, long: number): { overlap: number; covered: number } {
    const s = this.stance(short);
    const l = this.stance(long);
    const cover = (from: Polarity, within: Polarity) => {
      let shared = 0;
      let total = 0;
      for (const term of termsOf(from)) {
        const w = this.idfOf(term);
        total += w;
        if (hasAbbreviated(within, term)) shared += w;
      }
      return total > 0 ? shared / total : 0;
    };
    const covered = cover(l.decision, s);
    return { overlap: (covered + cover(s.decision, l.decision)) / 2, covered };
  }

  private idfOf(term: string): number {
    const id = this.analysis.vocab.get(term);
    return id === undefined ? 0 : (this.analysis.idf[id] as number);
  }

  /**
   * Stance conflicts between the two decision statements, both ways round:
   * one entry negates a term the other asserts ("not Helm" against "we
   * will use Helm"), or keeps what the other gives up ("Stay on Jest"
   * against "Swap Jest for Vitest"). A term counts on a side by its balance
   * there (negated more often than asserted, and so on), so a restatement
   * that mentions a rejected option once in passing is not a contradiction.
   * Conflicts elsewhere in the texts are not counted: measured on the ADR
   * set, they are as frequent between restatements (a context sentence
   * phrased negatively) as between opposite decisions. But two plain notes
   * (no decision section, no "we will..." sentence: an agent's memory as it
   * is usually written) where one is an edit of the other (`edited`: see
   * THRESHOLDS.edited) have nothing but their text to disagree in, so there
   * the whole texts are compared: "deliveries are retried with backoff"
   * against a later "deliveries are not retried". (Whole texts compared for
   * every edit cost 5 of the tuned set's 34 merges; for every plain pair,
   * 3 of 42 blind ones.)
   */
  conflict(a: number, b: number, edited = false): { weight: number; terms: string[]; max: number } {
    const found = new Map<string, number>();
    const whole = edited && !this.stance(a).stated && !this.stance(b).stated;
    for (const [one, other] of [
      [a, b],
      [b, a],
    ] as const) {
      const x = whole ? this.stance(one) : this.stance(one).decision;
      const y = whole ? this.stance(other) : this.stance(other).decision;
      const count = (p: Polarity, key: 'negated' | 'asserted' | 'kept', term: string) => p[key].get(term) ?? 0;
      for (const [term, n] of x.negated) {
        if (count(x, 'asserted', term) < n && count(y, 'asserted', term) > count(y, 'negated', term)) found.set(term, this.idfOf(term));
      }
      for (const [term] of x.kept) {
        if (x.negated.has(term)) continue;
        // Kept here, given up there: by balance on the head, or as any word of a phrase given up and never asserted there.
        const given = (y.given?.get(term) ?? 0) > 0 && count(y, 'asserted', term) === 0;
        if (given || count(y, 'negated', term) > count(y, 'asserted', term)) found.set(term, this.idfOf(term));
      }
    }
    const sorted = [...found].sort((p, q) => q[1] - p[1] || (p[0] < q[0] ? -1 : p[0] > q[0] ? 1 : 0));
    return { weight: sorted.reduce((sum, f) => sum + f[1], 0), terms: sorted.map((f) => f[0]), max: sorted[0]?.[1] ?? 0 };
  }
}

export type Verdict = 'duplicate' | 'similar' | 'related' | 'distinct';

export interface Judgement {
  verdict: Verdict;
  /** Similarity in [0, 1]: the mean of cosine and containment. */
  score: number;
  /** Why a similar pair was not judged a duplicate, or why a tentative duplicate is not merged on its own (empty otherwise). */
  reason: string;
  /** A duplicate because one is a copy (or copy-edit) of the other: shingle containment and cosine from THRESHOLDS.copy. */
  copy?: boolean;
  /**
   * Judged a duplicate, but with too little agreeing detail to merge
   * without a person (see THRESHOLDS.confident): on the blind ADR sets
   * about half such pairs were another decision in the same words. `reason`
   * says so; refine lists the pair among the first suggestions.
   */
  tentative?: boolean;
  /** For a similar pair, what the texts show: they state opposite things (`disagree`), or one changes the other's numbers or words (`update`). */
  kind?: 'disagree' | 'update';
}

/**
 * A reason worded for the pair the other way round: the reasons that set
 * the two sides against each other ("they differ on 10 / 25 connections",
 * "their titles name different things: redis / kafka") name the first
 * entry's side first, and a suggestion lists first the entry a merge keeps,
 * which need not be the one judged first.
 */
export function swapSides(reason: string): string {
  const differ = 'they differ on ';
  const titles = 'their titles name different things: ';
  if (reason.startsWith(titles)) return titles + reason.slice(titles.length).replace(/^(.*) \/ (.*)$/, '$2 / $1');
  if (!reason.startsWith(differ)) return reason;
  // Numbers end with what they count ("10 / 25 connections", "5:30 / 6:00 daily"); opposite words stand alone ("before / after").
  const swap = (part: string) => part.replace(/^([\d.:,\- ]+) \/ ([\d.:,\- ]+) (\S+)$/, '$2 / $1 $3').replace(/^([^\s\d/]+) \/ ([^\s\d/]+)$/, '$2 / $1');
  return differ + reason.slice(differ.length).split('; ').map(swap).join('; ');
}

/** The reason given for a tentative duplicate. */
export const TENTATIVE = 'worded alike, but with too little shared detail to tell a restatement from a different fact: compare before merging';

export { THRESHOLDS } from './thresholds.js';

/**
 * Evidence that two entries record different decisions, in idf units: the
 * new option the shorter one's decision brings (novel), the alternative of
 * the longer one it picks (aside, at half weight: a restatement also moves
 * words between context and decision), weak stance conflicts (each counts
 * heavily: a common word in a conflict is still a sign), less a credit for
 * covering the longer entry's decision statement. The weights were fitted
 * on the tuning half and rounded; the held-out half moved with them.
 */
export function against(f: PairFeatures): number {
  return f.novel + 0.5 * f.aside + 4 * f.conflict - 20 * f.decisionCovered;
}

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
  const conflictWords = (f.conflictWords ?? f.conflictTerms).slice(0, REASON_TERMS).join(', ');
  if (f.conflictMax >= THRESHOLDS.conflictTerm || f.titleConflict) return { verdict: 'similar', score, reason: `they disagree about ${conflictWords}`, kind: 'disagree' };
  // Between one text and an edit of it (even a copy-edit): "a pool of 25 connections" written after "a pool of 10 connections" is the fact updated.
  if (f.cosine >= THRESHOLDS.edited && f.differences && f.differences.length > 0) return { verdict: 'similar', score, reason: `they differ on ${f.differences.slice(0, 2).join('; ')}`, kind: 'update' };
  // A copy (or copy-edit) needs no specific term: in a templated store it is still the same entry twice.
  if (f.shingle < THRESHOLDS.copy && f.specificShared < Math.min(THRESHOLDS.specificShared, f.specificFloor ?? Number.POSITIVE_INFINITY)) {
    // "Specific" is by this store's idf: a tool most entries name (PostgreSQL in a small store) is not.
    return { verdict: 'similar', score, reason: 'alike in wording, but they share no tool, name or option that few entries in this store use' };
  }
  if (f.aggregate && f.cosine < THRESHOLDS.aggregateCosine) {
    return { verdict: 'similar', score, reason: 'the longer one has absorbed other entries, and the two are not alike as wholes' };
  }
  if (f.titleExclusive) {
    const [x, y] = f.titleExclusive;
    return { verdict: 'similar', score, reason: `their titles name different things: ${x.slice(0, 2).join(', ')} / ${y.slice(0, 2).join(', ')}` };
  }
  // A weaker overlap of the decision statements does when little speaks against the pair (see THRESHOLDS.decisionWeak).
  const littleAgainst = f.conflict === 0 && f.novel < THRESHOLDS.novelLittle && against(f) < THRESHOLDS.againstNone;
  const decisionOverlap = f.decision >= THRESHOLDS.decision || (f.decision >= THRESHOLDS.decisionWeak && littleAgainst);
  const sameDecision = f.shingle >= THRESHOLDS.copy || (decisionOverlap && f.decisionCovered >= THRESHOLDS.decisionCovered);
  if (!sameDecision) {
    return { verdict: 'similar', score, reason: 'same topic, but they may record different decisions' };
  }
  if (against(f) >= THRESHOLDS.against) {
    const novelWords = (f.novelWords ?? f.novelTerms).slice(0, REASON_TERMS).join(', ');
    if (f.conflict > 0) return { verdict: 'similar', score, reason: `same topic, but they may disagree about ${conflictWords}`, kind: 'disagree' };
    return { verdict: 'similar', score, reason: `same topic, but one decides on ${novelWords || 'something'} the other does not mention` };
  }
  // A copy both ways: the shorter one inside the longer, and the two alike as wholes (an ADR quoting another in full is not a copy of it).
  if (f.shingle >= THRESHOLDS.copy && f.cosine >= THRESHOLDS.copy) return { verdict: 'duplicate', score, reason: '', copy: true };
  // Confident only with much agreeing detail (see THRESHOLDS.confident): otherwise the same fact, probably, for a person to confirm.
  // (A sum of ones for words only the two use: the small margin keeps float rounding from deciding at exactly the bar.)
  const confident = f.sharedDetail >= THRESHOLDS.confident - 1e-9;
  return confident ? { verdict: 'duplicate', score, reason: '' } : { verdict: 'duplicate', score, reason: TENTATIVE, tentative: true };
}
