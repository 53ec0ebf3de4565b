import { buildRelations } from '../core/relations.js';
import { serializeEntry } from '../core/serialize.js';
import type { StoredEntry } from '../core/types.js';
import { computeLinks } from './links.js';
import { cmp, type RelatedPairs, type Suggestion } from './plan.js';
import type { Parallel } from './parallel.js';
import { mergeRounds } from './rounds.js';
import { buildWiki, type WikiInput, type WikiPages } from './wiki.js';

/**
 * A whole refine, in memory: rounds of merging until nothing is left to
 * merge (see rounds.ts), then what changed. Running it on its own output
 * finds nothing to do, which is what makes a second `origin refine` a no-op.
 */

/**
 * Rounds of merging at most. A store of real records converges in two or
 * three; a templated one can cascade for more (each round removes at least
 * one entry, so the loop ends anyway): the cap is only a guard, high enough
 * that refine always reaches the point where a second run has nothing to do.
 */
const MAX_ROUNDS = 100;

export interface MergeOutcome {
  /** The surviving entry, after the merge. */
  into: StoredEntry;
  /** Every entry it absorbed in this refine (across rounds), oldest first. */
  from: StoredEntry[];
  /** Similarity of each absorbed entry to the one that absorbed it (same order as `from`). */
  scores: number[];
}

export interface RefineResult {
  merges: MergeOutcome[];
  suggestions: Suggestion[];
  /** The store after the merges. */
  entries: StoredEntry[];
  /** Entries whose file changes (the surviving entries). */
  rewritten: StoredEntry[];
  /** Entries whose file is removed (absorbed). */
  removed: StoredEntry[];
  /** Pairs judged at least related in the store last planned (for the wiki). */
  related: RelatedPairs;
}

export interface RefineOptions {
  /** Called with a short message before each long phase (progress on a terminal). */
  progress?: (message: string) => void;
  /**
   * Rounds of merging (default MAX_ROUNDS). With 1, the result is the plan
   * as it stands (what --dry-run shows): the merges are applied in memory
   * but the merged store is not planned again, so `related` and `suggestions`
   * describe the store before the merges.
   */
  rounds?: number;
  /** Where the heavy loops run (default: this thread; the command starts worker threads for big stores). */
  parallel?: Parallel;
  /**
   * false: merge nothing on its own; every pair it would merge is listed as
   * a suggestion for `origin merge` (for stores where a wrong merge costs
   * more than a duplicate left alone). Default true.
   */
  autoMerge?: boolean;
}

export function refineEntries(entries: readonly StoredEntry[], options: RefineOptions = {}): RefineResult {
  const original = new Map(entries.map((e) => [e.id, e]));
  const absorbedBy = new Map<string, string>();
  const absorbed = new Map<string, { entry: StoredEntry; score: number }>();
  const { entries: current, merged, plan } = mergeRounds(entries, { rounds: options.rounds ?? MAX_ROUNDS, progress: options.progress ?? (() => {}), ...(options.parallel ? { parallel: options.parallel } : {}), ...(options.autoMerge === false ? { autoMerge: false } : {}) });
  for (const round of merged) {
    for (const group of round) {
      group.from.forEach((e, k) => {
        absorbedBy.set(e.id, group.into.id);
        absorbed.set(e.id, { entry: original.get(e.id) ?? e, score: group.scores[k] as number });
      });
    }
  }
  // Where did each absorbed entry end up, following chains of rounds?
  const finalOwner = (id: string) => {
    let owner = absorbedBy.get(id) as string;
    while (absorbedBy.has(owner)) owner = absorbedBy.get(owner) as string;
    return owner;
  };
  const byId = new Map(current.map((e) => [e.id, e]));
  const groups = new Map<string, Array<{ entry: StoredEntry; score: number }>>();
  for (const [id, info] of absorbed) {
    const owner = finalOwner(id);
    const list = groups.get(owner);
    if (list) list.push(info);
    else groups.set(owner, [info]);
  }
  const merges: MergeOutcome[] = [...groups]
    .sort((x, y) => cmp(x[0], y[0]))
    .map(([owner, list]) => {
      list.sort((x, y) => cmp(x.entry.created, y.entry.created) || cmp(x.entry.id, y.entry.id));
      return { into: byId.get(owner) as StoredEntry, from: list.map((l) => l.entry), scores: list.map((l) => l.score) };
    });
  // Only an entry that absorbed others can have changed; an exact copy may leave it as it was.
  const rewritten = current.filter((e) => {
    const before = original.get(e.id);
    return before !== undefined && groups.has(e.id) && serializeEntry(before) !== serializeEntry(e);
  });
  const removed = entries.filter((e) => !byId.has(e.id));
  return { merges, suggestions: plan.suggestions, entries: current, rewritten, removed, related: plan.related };
}

/** The wiki of a store, from its entries and the pairs refine judged in it. */
export function wikiFor(entries: readonly StoredEntry[], related: RelatedPairs, progress: (message: string) => void = () => {}): WikiPages {
  const input = wikiInput(entries, related, progress);
  progress('building the wiki pages');
  return buildWiki(input);
}

/**
 * What the wiki pages are built from: the entries with their links. Apart
 * from buildWiki() so that a caller can do something else in between (the
 * refine command stages the merges before it builds and writes the pages).
 */
export function wikiInput(entries: readonly StoredEntry[], related: RelatedPairs, progress: (message: string) => void = () => {}): WikiInput {
  progress(`linking ${entries.length} entries`);
  const relations = buildRelations(entries);
  const links = computeLinks(entries, relations, related);
  return { entries, relations, links };
}
