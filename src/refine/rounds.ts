import type { StoredEntry } from '../core/types.js';
import { type Analysis, analyse } from './analyse.js';
import { candidatePairs } from './candidates.js';
import { mergeEntries } from './merge-body.js';
import { bySuggestion, judgePairs, type MergeGroup, type Plan } from './plan.js';
import { type Parallel, serial } from './parallel.js';
import { difference, movePairs, normalise, type PairSet, touching, union } from './pairs.js';
import { type StanceCache, THRESHOLDS } from './verify.js';

/**
 * Rounds of merging: plan, merge, plan again on the result (an entry that
 * absorbed a duplicate may now restate a third one), until a plan of the
 * whole store finds nothing to merge. That last plan is what a fresh refine
 * of the result computes, so running refine on its own output does nothing.
 *
 * A plan of the whole store costs ~7 s at 100k entries (candidates, then
 * every candidate judged), and after the first one merges are a few dozen.
 * So the rounds in between judge only the pairs that can have changed:
 *
 *   - pairs with an entry the last merges rewrote (it absorbed others, and
 *     inherits what its parts were paired with);
 *   - after a round over the whole store only: the pairs it judged similar
 *     (a suggestion, or nearly one), whose verdict the shift in term weights
 *     can tip once thousands of duplicates are gone, and the candidates
 *     that are new: the term index gives the duplicates' slots among an
 *     entry's nearest neighbours to others (measured at 100k: 10 of the 25
 *     merges of a second round came from such pairs).
 *
 * When a narrow round finds nothing more, the whole store is judged again
 * (reusing the candidates when they were found on this very store). On the
 * bench stores that last plan finds nothing, so a refine costs two whole
 * plans instead of one per round.
 */

export interface RoundsOptions {
  /** Rounds of merging at most (see RefineOptions.rounds). */
  rounds: number;
  progress: (message: string) => void;
  /** Where the heavy loops run (default: this thread). */
  parallel?: Parallel;
  /** false: merge nothing; every pair refine would merge becomes a suggestion (see RefineOptions.autoMerge). */
  autoMerge?: boolean;
}

export interface RoundsResult {
  /** The store after the merges. */
  entries: StoredEntry[];
  /** Each round's merges, in order. */
  merged: MergeGroup[][];
  /** The last plan of the whole store: of `entries`, or (out of rounds) of the store before the last merges. */
  plan: Plan;
}

export function mergeRounds(entries: readonly StoredEntry[], options: RoundsOptions): RoundsResult {
  const { progress } = options;
  const parallel = options.parallel ?? serial;
  const find = (a: Analysis) => candidatePairs(a, { parallel });
  // Stances of the texts read so far, for every round of this refine (and no longer).
  const stances: StanceCache = new WeakMap();
  const judge = (es: readonly StoredEntry[], a: Analysis, pairs: Uint32Array) => judgePairs(es, a, pairs, progress, parallel, stances);
  let current = [...entries];
  progress(`analysing ${current.length} entries`);
  let analysis = analyse(current, undefined, parallel);
  progress('finding candidate pairs');
  // All candidate pairs of `current`: found on it (`exact`), or carried over from the store before the last merges.
  let candidates = find(analysis);
  let exact = true;
  let plan = judge(current, analysis, candidates);
  if (options.autoMerge === false) return { entries: current, merged: [], plan: mergesSuggested(plan) };
  let whole = true;
  const merged: MergeGroup[][] = [];
  for (let round = 1; ; round++) {
    if (plan.merges.length === 0) {
      if (whole) break;
      progress('no more merges; judging the whole store again');
      if (!exact) {
        progress('finding candidate pairs');
        candidates = find(analysis);
        exact = true;
      }
      plan = judge(current, analysis, candidates);
      whole = true;
      if (plan.merges.length === 0) break;
    }
    const before = current;
    current = applyMerges(before, plan.merges);
    merged.push(plan.merges);
    if (round >= options.rounds) {
      // Out of rounds after a narrow one: the pairs and suggestions still come from the whole store.
      if (!whole) plan = wholePlan(current, analysis, progress, parallel, stances);
      break;
    }
    const moves = movesOf(before, current, plan.merges);
    const carried = movePairs(candidates, moves.moved, moves.absorbed);
    // The entries the merges left alone keep their analysis: only the merged ones are read again.
    progress(`merged ${plan.merges.length} group(s); analysing the result`);
    analysis = analyse(current, analysis, parallel);
    let toJudge = touching(carried, moves.rewritten);
    if (whole) {
      // After a round over the whole store, term weights moved (thousands of entries went): the similar pairs may tip.
      toJudge = union(toJudge, movePairs(similarPairs(plan), moves.moved, moves.absorbed));
      progress('finding candidate pairs');
      candidates = find(analysis);
      exact = true;
      toJudge = union(toJudge, difference(candidates, carried));
    } else {
      candidates = carried;
      exact = false;
    }
    plan = judge(current, analysis, toJudge);
    whole = false;
  }
  return { entries: current, merged, plan };
}

function wholePlan(entries: readonly StoredEntry[], previous: Analysis, progress: (message: string) => void, parallel: Parallel, stances: StanceCache): Plan {
  progress(`analysing ${entries.length} entries`);
  const analysis = analyse(entries, previous, parallel);
  progress('finding candidate pairs');
  return judgePairs(entries, analysis, candidatePairs(analysis, { parallel }), progress, parallel, stances);
}

/** Why a duplicate is only suggested when automatic merges are off. */
export const AUTO_MERGE_OFF = 'a duplicate; automatic merges are off here';

/** The plan with its merges as suggestions, each absorbed entry paired with the one that would absorb it. */
function mergesSuggested(plan: Plan): Plan {
  const more = plan.merges.flatMap((m) => m.from.map((e, k) => ({ a: m.into, b: e, score: m.scores[k] as number, reason: AUTO_MERGE_OFF, held: 'auto-merge-off' as const, kind: 'duplicate' as const })));
  const suggestions = [...more, ...plan.suggestions].sort(bySuggestion);
  return { ...plan, merges: [], suggestions };
}

/** The pairs a plan judged at least similar that could ever merge (of one type, not handoffs). */
function similarPairs(plan: Plan): PairSet {
  const { related } = plan;
  const flat: number[] = [];
  for (let k = 0; k < related.count; k++) {
    if ((related.score[k] as number) < THRESHOLDS.similar) continue;
    const a = related.entries[related.left[k] as number] as StoredEntry;
    const b = related.entries[related.right[k] as number] as StoredEntry;
    if (a.type === b.type && a.type !== 'handoff') flat.push(related.left[k] as number, related.right[k] as number);
  }
  return normalise(flat);
}

/** Where each entry of the store before a round is after it, which entries were absorbed, and which rewritten. */
function movesOf(before: readonly StoredEntry[], after: readonly StoredEntry[], merges: readonly MergeGroup[]) {
  const index = new Map<string, number>();
  for (let i = 0; i < after.length; i++) index.set((after[i] as StoredEntry).id, i);
  const rewritten = new Uint8Array(after.length);
  for (const group of merges) {
    const into = index.get(group.into.id) as number;
    rewritten[into] = 1;
    for (const e of group.from) index.set(e.id, into);
  }
  const moved = Int32Array.from(before, (e) => index.get(e.id) as number);
  const absorbed = Uint8Array.from(before, (e, i) => (after[moved[i] as number]?.id === e.id ? 0 : 1));
  return { moved, absorbed, rewritten };
}

function applyMerges(entries: readonly StoredEntry[], merges: readonly MergeGroup[]): StoredEntry[] {
  const replaced = new Map<string, StoredEntry | null>();
  for (const group of merges) {
    replaced.set(group.into.id, mergeEntries(group.into, group.from));
    for (const e of group.from) replaced.set(e.id, null);
  }
  const out: StoredEntry[] = [];
  for (const e of entries) {
    const r = replaced.get(e.id);
    if (r === undefined) out.push(e);
    else if (r !== null) out.push(r);
  }
  return out;
}
