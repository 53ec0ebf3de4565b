import type { StoredEntry } from '../core/types.js';
import { isNumberedRecordFile } from '../core/adr.js';
import { titleKey } from '../core/text.js';
import { isActive, isImported } from '../core/types.js';
import { type Analysis, analyse } from './analyse.js';
import { candidatePairs } from './candidates.js';
import { canonicalOrder } from './merge-body.js';
import { type Parallel, serial } from './parallel.js';
import { type Judgement, type StanceCache, swapSides, THRESHOLDS, Verifier } from './verify.js';

/**
 * From a store's entries to a plan: which entries merge into which
 * (automatically), which pairs are only suggested, and which are related
 * (for the wiki). Pure: the commands read the entries and apply the plan.
 */

/**
 * The pairs judged at least related, as indexes into the planned entries.
 * Typed arrays rather than objects: a big store has hundreds of thousands.
 */
export class RelatedPairs {
  constructor(readonly entries: readonly StoredEntry[]) {}
  count = 0;
  left = new Uint32Array(1024);
  right = new Uint32Array(1024);
  score = new Float64Array(1024);

  push(i: number, j: number, score: number): void {
    if (this.count === this.left.length) {
      const grow = <T extends Uint32Array | Float64Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2);
        b.set(a);
        return b;
      };
      [this.left, this.right, this.score] = [grow(this.left), grow(this.right), grow(this.score)];
    }
    this.left[this.count] = i;
    this.right[this.count] = j;
    this.score[this.count++] = score;
  }
}

export interface MergeGroup {
  into: StoredEntry;
  from: StoredEntry[];
  /** The similarity of each absorbed entry to the canonical one (same order as `from`). */
  scores: number[];
}

/** What kept a pair the verifier judged a duplicate from merging on its own (see Suggestion.held). */
export type Held = 'auto-merge-off' | 'detail' | 'rule';

/** Listing rank of each kind of suggestion: duplicates held only by the config, then by too little detail, then by a rule, then merely similar pairs. */
const HELD_RANK: Record<Held, number> = { 'auto-merge-off': 0, detail: 1, rule: 2 };
const heldRank = (s: Suggestion) => (s.held === undefined ? 3 : HELD_RANK[s.held]);

/** The order suggestions are listed in: judged duplicates first (see HELD_RANK), then the most similar, then by ids (deterministic). */
export function bySuggestion(x: Suggestion, y: Suggestion): number {
  return heldRank(x) - heldRank(y) || y.score - x.score || cmp(x.a.id, y.a.id) || cmp(x.b.id, y.b.id);
}

export interface Suggestion {
  a: StoredEntry;
  b: StoredEntry;
  score: number;
  reason: string;
  /**
   * Set when the verifier judged the two one fact, to what kept refine from
   * merging them on its own: automatic merges are off (`auto-merge-off`),
   * too little shared detail to tell a restatement from another decision in
   * the same words (`detail`: on the blind ADR sets about half of these were
   * another decision), or a rule (`rule`: one in force and one not, different
   * files, two imported records). `reason` says it in words.
   */
  held?: Held;
  /**
   * What the pair looks like, for a program to act on: `duplicate` (judged
   * one fact, held back: merge after a look), `update` (an edit that changes
   * numbers or words: the newer may supersede the older), `disagree`
   * (opposite statements: distinct, or supersede), `same-title` (one title,
   * different texts), `similar` (alike, not enough to tell).
   */
  kind: SuggestionKind;
}

export type SuggestionKind = 'duplicate' | 'update' | 'disagree' | 'same-title' | 'similar';

export interface Plan {
  merges: MergeGroup[];
  suggestions: Suggestion[];
  /** Every pair judged at least related (indexes into the planned entries), for links and the wiki. */
  related: RelatedPairs;
  /** The text analysis, which the next round may reuse (see analyse()). */
  analysis: Analysis;
  /** The candidate pairs that were judged (flat [a0, b0, a1, b1, ...], see candidatePairs()). */
  candidates: Uint32Array;
}

export interface PlanOptions {
  /** Called with a short message before each long phase (progress on a terminal). */
  progress?: (message: string) => void;
  /** The analysis of a previous round over mostly the same entries (see analyse()). */
  previous?: Analysis;
  /** Where the heavy loops run (default: this thread). */
  parallel?: Parallel;
}

/**
 * Why two entries must never merge, or undefined when they may. Different
 * types, handoffs (a history, not a fact) and a supersede relation (the newer
 * one replaces the older: merging would lose which one is in force) are
 * never merged, by refine or by hand.
 */
export function mergeBlocker(a: StoredEntry, b: StoredEntry, supersedes: (from: string, to: string) => boolean): string | undefined {
  if (a.id === b.id) return 'an entry cannot be merged with itself';
  if (a.type !== b.type) return `they are of different types (${a.type}, ${b.type})`;
  if (a.type === 'handoff') return 'handoffs are a history and are never merged';
  if (supersedes(a.id, b.id) || supersedes(b.id, a.id)) return 'one supersedes the other';
  return undefined;
}

/**
 * Why a pair the verifier calls a duplicate is only suggested, or undefined
 * when it may merge automatically: one is in force and the other not (a
 * merge would hide which), or both are anchored to code and to none of the
 * same paths (two notes about different files are rarely one fact), or both
 * were imported from numbered records (ADRs) and one is not a copy of the
 * other: a team wrote those as separate records (ADR 10 and the ADR 59 that
 * revises it), and folding one into the other would rewrite its log. What
 * refine merges on its own is an agent's re-recording of a known fact.
 */
export function automaticBlocker(a: StoredEntry, b: StoredEntry, copy = false, superseded: ReadonlySet<string> = NONE): string | undefined {
  // In force by its own status and not replaced by another entry (whose `supersedes` names it).
  const inForce = (e: StoredEntry) => isActive(e) && !superseded.has(e.id);
  const state = (e: StoredEntry) => (superseded.has(e.id) ? 'superseded' : e.status);
  if (inForce(a) !== inForce(b)) return `one is ${state(a)}, the other ${state(b)}`;
  if (a.files.length > 0 && b.files.length > 0 && !a.files.some((f) => b.files.some((g) => samePlace(f, g)))) {
    return 'they are anchored to different files';
  }
  if (importedRecord(a) && importedRecord(b) && a.source !== b.source) {
    if (!copy) return `both were imported from numbered records of their own (${a.source}, ${b.source})`;
    // One text under two titles: a template left unfilled in two records ("Mempool" / "Mempool v1" too); a file copied whole keeps its heading.
    if (titleKey(a.title) !== titleKey(b.title)) return `both were imported from numbered records of their own (${a.source}, ${b.source}), with one text under different titles (an unfilled template?)`;
  }
  return undefined;
}

const NONE: ReadonlySet<string> = new Set();

/**
 * A person said the two record other facts (`origin distinct`, written on
 * the newer as `distinct`), naming either one or an id it absorbed since:
 * refine neither merges nor suggests them, and a revert of a wrong merge
 * stays reverted.
 */
export function markedDistinct(a: Pick<StoredEntry, 'id' | 'distinct' | 'merged_from'>, b: Pick<StoredEntry, 'id' | 'distinct' | 'merged_from'>): boolean {
  if (!a.distinct && !b.distinct) return false;
  const names = (e: Pick<StoredEntry, 'id' | 'merged_from'>) => [e.id, ...(e.merged_from ?? [])];
  return (a.distinct ?? []).some((id) => names(b).includes(id)) || (b.distinct ?? []).some((id) => names(a).includes(id));
}

/** Every id some entry of the store names in its `supersedes`: entries replaced, whatever their own status says. */
export function supersededIds(entries: ReadonlyArray<Pick<StoredEntry, 'supersedes'>>): Set<string> {
  const out = new Set<string>();
  for (const e of entries) for (const id of e.supersedes) out.add(id);
  return out;
}

function importedRecord(e: StoredEntry): boolean {
  return isImported(e) && isNumberedRecordFile(e.source);
}

/** The same path, or one a folder of the other. */
function samePlace(f: string, g: string): boolean {
  const [x, y] = [f.replace(/\/+$/, ''), g.replace(/\/+$/, '')];
  return x === y || x.startsWith(`${y}/`) || y.startsWith(`${x}/`);
}

/** Does `from` supersede `to`, directly or through a chain? */
export function supersedeChecker(entries: ReadonlyArray<Pick<StoredEntry, 'id' | 'supersedes'>>): (from: string, to: string) => boolean {
  // Only the entries that supersede something: the others end every chain
  // (and a map of every entry cost ~0.1 s per plan at 100k entries).
  const superseding = new Map<string, readonly string[]>();
  for (const e of entries) if (e.supersedes.length > 0) superseding.set(e.id, e.supersedes);
  return (from, to) => {
    // Most entries supersede nothing: no walk for them (this runs for every similar pair).
    if (!superseding.has(from)) return false;
    const seen = new Set<string>();
    const stack = [from];
    while (stack.length > 0) {
      const id = stack.pop() as string;
      for (const next of superseding.get(id) ?? []) {
        if (next === to) return true;
        if (!seen.has(next)) {
          seen.add(next);
          stack.push(next);
        }
      }
    }
    return false;
  };
}

export function planRefine(entries: readonly StoredEntry[], options: PlanOptions = {}): Plan {
  const progress = options.progress ?? (() => {});
  const parallel = options.parallel ?? serial;
  progress(`analysing ${entries.length} entries`);
  const analysis = analyse(entries, options.previous, parallel);
  progress('finding candidate pairs');
  return judgePairs(entries, analysis, candidatePairs(analysis, { parallel }), progress, parallel);
}

/** Of one type, under one title (case aside), and both in force or both not. */
function sameTitle(a: StoredEntry, b: StoredEntry): boolean {
  return a.type === b.type && isActive(a) === isActive(b) && a.title.toLowerCase() === b.title.toLowerCase();
}

/** A 32-bit hash (FNV-1a) of each entry's lower-cased title. */
function titleHashes(entries: readonly StoredEntry[]): Int32Array {
  const out = new Int32Array(entries.length);
  entries.forEach((e, i) => {
    const t = e.title.toLowerCase();
    let h = 0x811c9dc5;
    for (let k = 0; k < t.length; k++) h = Math.imul(h ^ t.charCodeAt(k), 0x01000193);
    out[i] = h;
  });
  return out;
}

/**
 * The plan from the given candidate pairs (flat [a0, b0, ...], a < b, see
 * candidatePairs()) of entries analysed as `analysis`: planRefine() judges
 * every candidate of the store; a later round of refine only the pairs its
 * merges changed.
 */
export function judgePairs(
  entries: readonly StoredEntry[],
  analysis: Analysis,
  candidates: Uint32Array,
  progress: (message: string) => void = () => {},
  parallel: Parallel = serial,
  stances?: StanceCache,
): Plan {
  progress(`verifying ${candidates.length / 2} candidate pairs${parallel.workers > 0 ? ` on ${parallel.workers + 1} threads` : ''}`);
  const verifier = new Verifier(analysis, entries, stances, parallel);
  const supersedes = supersedeChecker(entries);
  const superseded = supersededIds(entries);
  const inForce = (e: Pick<StoredEntry, 'id' | 'status'>) => isActive(e) && !superseded.has(e.id);
  const order = (x: StoredEntry, y: StoredEntry) => canonicalOrder(x, y, inForce);

  const related = new RelatedPairs(entries);
  // A hash of each lower-cased title, so that the ~800k related pairs of a 100k store are compared as two numbers (reading two
  // entries' titles per pair, scattered in memory, cost ~1 s there).
  const titleHash = titleHashes(entries);
  const automatic: Array<[number, number, number]> = [];
  const suggested: Suggestion[] = [];
  // Similarities first, for every pair at once (on worker threads when there are).
  const scores = parallel.alloc(Float64Array, 8, candidates.length / 2);
  parallel.pairScores(verifier.scoreInput(parallel, candidates), scores);
  for (let k = 0; k < candidates.length; k += 2) {
    const i = candidates[k] as number;
    const j = candidates[k + 1] as number;
    // The similarity alone settles most pairs; the full judgement (which
    // reads both texts' stances) is only for pairs that could be merged or
    // suggested. Its score is the same number.
    const score = scores[k / 2] as number;
    if (score < THRESHOLDS.related) continue;
    related.push(i, j, score);
    if (score < THRESHOLDS.similar) {
      // Two entries of one type under one title, both in force (two branches' re-recordings of one fact, each grown by merges) are
      // worth a look; a done follow-up and its recurring open namesake are not.
      if (titleHash[i] === titleHash[j]) {
        const a = entries[i] as StoredEntry;
        const b = entries[j] as StoredEntry;
        if (sameTitle(a, b) && !mergeBlocker(a, b, supersedes) && !markedDistinct(a, b)) suggested.push({ a, b, score, reason: 'same title, but their texts differ', kind: 'same-title' });
      }
      continue;
    }
    const a = entries[i] as StoredEntry;
    const b = entries[j] as StoredEntry;
    // Types first: most similar pairs are of different types, and mergeBlocker() words its reason.
    if (a.type !== b.type || mergeBlocker(a, b, supersedes) || markedDistinct(a, b)) continue;
    const judged = verifier.judge(i, j) as Judgement;
    if (judged.verdict !== 'duplicate') {
      suggested.push({ a, b, score: judged.score, reason: judged.reason, kind: judged.kind ?? 'similar' });
      continue;
    }
    const rule = automaticBlocker(a, b, judged.copy, superseded);
    if (rule) suggested.push({ a, b, score: judged.score, reason: rule, held: 'rule', kind: 'duplicate' });
    else if (judged.tentative) suggested.push({ a, b, score: judged.score, reason: judged.reason, held: 'detail', kind: 'duplicate' });
    else automatic.push([i, j, judged.score]);
  }

  progress(`grouping ${automatic.length} duplicate pairs (${suggested.length} suggested, ${related.count} related)`);
  const merges = groupMerges(
    entries,
    automatic,
    (i, j) => {
      const a = entries[i] as StoredEntry;
      const b = entries[j] as StoredEntry;
      if (mergeBlocker(a, b, supersedes) || markedDistinct(a, b)) return undefined;
      const judged = verifier.judge(i, j);
      return judged?.verdict === 'duplicate' && !judged.tentative && !automaticBlocker(a, b, judged.copy, superseded) ? judged.score : undefined;
    },
    // Two members of one group end up in one entry: what may never merge on its own must not merge through a third.
    (i, j) => {
      const a = entries[i] as StoredEntry;
      const b = entries[j] as StoredEntry;
      if (mergeBlocker(a, b, supersedes) || markedDistinct(a, b) || automaticBlocker(a, b, true, superseded)) return false;
      return !automaticBlocker(a, b, false, superseded) || verifier.judge(i, j)?.copy === true;
    },
  );
  const grouped = new Map<string, string>();
  for (const m of merges) for (const e of [m.into, ...m.from]) grouped.set(e.id, m.into.id);
  const suggestions = suggested
    .filter((s) => grouped.get(s.a.id) === undefined || grouped.get(s.a.id) !== grouped.get(s.b.id))
    // `a` is the entry that would survive `origin merge a b`.
    .map((s) => (order(s.a, s.b) <= 0 ? s : { ...s, a: s.b, b: s.a, reason: swapSides(s.reason) }))
    .sort(bySuggestion);
  return { merges, suggestions, related, analysis, candidates };
}

/**
 * Groups automatic pairs into merges, strongest pair first. An entry joins a
 * group only if it is a duplicate of the group's canonical entry itself (not
 * merely of another member): "A restates B" and "B restates C" do not make
 * A and C the same, and a chain of near-duplicates must not collapse a topic.
 * It must also be allowed to merge with every member (`together`): two
 * numbered records restated by one agent entry stay two records.
 */
function groupMerges(
  entries: readonly StoredEntry[],
  pairs: Array<[number, number, number]>,
  verify: (i: number, j: number) => number | undefined,
  together: (i: number, j: number) => boolean,
): MergeGroup[] {
  // Strongest first; equal scores by the pair's ids, so that the input order never matters.
  const key = ([i, j]: [number, number, number]) => [(entries[i] as StoredEntry).id, (entries[j] as StoredEntry).id].sort(cmp).join(' ');
  pairs.sort((x, y) => y[2] - x[2] || cmp(key(x), key(y)));
  const groupOf = new Map<number, number>();
  const groups: Array<{ canonical: number; members: Map<number, number> }> = [];
  const better = (i: number, j: number) => canonicalOrder(entries[i] as StoredEntry, entries[j] as StoredEntry) <= 0;
  for (const [i, j, score] of pairs) {
    const gi = groupOf.get(i);
    const gj = groupOf.get(j);
    if (gi === undefined && gj === undefined) {
      const [canonical, member] = better(i, j) ? [i, j] : [j, i];
      groupOf.set(i, groups.length).set(j, groups.length);
      groups.push({ canonical, members: new Map([[member, score]]) });
      continue;
    }
    if (gi !== undefined && gj !== undefined) continue;
    const [g, newcomer] = gi !== undefined ? [gi, j] : [gj as number, i];
    const group = groups[g]!;
    const toCanonical = verify(newcomer, group.canonical);
    if (toCanonical === undefined) continue;
    if (better(newcomer, group.canonical)) {
      // The newcomer would become the canonical entry: every member must then
      // be a duplicate of it too, or the newcomer stays out.
      const rescored = new Map<number, number>([[group.canonical, toCanonical]]);
      for (const m of group.members.keys()) {
        const score = verify(m, newcomer);
        if (score === undefined) break;
        rescored.set(m, score);
      }
      if (rescored.size !== group.members.size + 1) continue;
      group.canonical = newcomer;
      group.members = rescored;
    } else {
      let fits = true;
      for (const m of group.members.keys()) if (!(fits = together(m, newcomer))) break;
      if (!fits) continue;
      group.members.set(newcomer, toCanonical);
    }
    groupOf.set(newcomer, g);
  }
  const out: MergeGroup[] = [];
  for (const group of groups) {
    const members = [...group.members].sort((x, y) => canonicalOrder(entries[x[0]] as StoredEntry, entries[y[0]] as StoredEntry));
    out.push({
      into: entries[group.canonical] as StoredEntry,
      from: members.map(([m]) => entries[m] as StoredEntry),
      scores: members.map(([, s]) => s),
    });
  }
  return out.sort((x, y) => cmp(x.into.id, y.into.id));
}

/** Comparison by UTF-16 code unit: the same order on every machine and locale. */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
