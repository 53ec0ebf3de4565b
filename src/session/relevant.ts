import { INACTIVE_STATUSES, type EntryType } from '../core/types.js';
import type { MemoryIndex } from '../store/memory-index.js';

/**
 * Section 5 of the briefing: the gotchas, decisions or context in force,
 * best first: relevance to `--query`, then how many of the entry's anchored
 * files the branch and working tree touch, then recency. Only the first
 * `limit` are kept: the boosted few are sorted, the rest are read from the
 * index's newest-first order until enough are found, and the total is
 * counted from the typed columns, so no pass sorts or decodes the store.
 */
export interface RelevanceInputs {
  /** Doc -> its anchors touched by the current changes (`MemoryIndex.anchoredTo`). */
  anchored: Map<number, string[]>;
  /** Ids that a newer entry supersedes (left out). */
  supersededBy: Map<string, string>;
  /** Scores for `--query`, by id; when given, entries neither scored nor touched are left out. */
  queryScores?: Map<string, number>;
}

export interface RankedDoc {
  doc: number;
  touched: string[];
}

const NONE: string[] = [];

export function rankRelevant(index: MemoryIndex, type: EntryType, inputs: RelevanceInputs, limit: number): { docs: RankedDoc[]; total: number } {
  const { anchored, supersededBy, queryScores } = inputs;
  const superseded = (doc: number) => supersededBy.size > 0 && supersededBy.has(index.id(doc));
  const inForce = (doc: number) => index.isLive(doc) && index.type(doc) === type && !INACTIVE_STATUSES.has(index.status(doc)) && !superseded(doc);
  // Boosted: touched by the current changes, or scored by the query.
  const boosted = new Map<number, { touched: string[]; q: number }>();
  for (const [doc, touched] of anchored) if (inForce(doc)) boosted.set(doc, { touched, q: queryScores?.get(index.id(doc)) ?? 0 });
  if (queryScores) {
    for (const [id, q] of queryScores) {
      const doc = q > 0 ? index.docOf(id) : -1;
      if (doc >= 0 && !boosted.has(doc) && inForce(doc)) boosted.set(doc, { touched: NONE, q });
    }
  }
  const ranked = [...boosted].sort(([a, x], [b, y]) => y.q - x.q || y.touched.length - x.touched.length || index.newer(a, b));
  const docs: RankedDoc[] = ranked.slice(0, limit).map(([doc, { touched }]) => ({ doc, touched }));
  // With a query, only what it scored or the changes touched; else the newest of the rest.
  if (queryScores) return { docs, total: boosted.size };
  if (docs.length < limit) {
    for (const doc of index.newest()) {
      if (!boosted.has(doc) && inForce(doc)) docs.push({ doc, touched: NONE });
      if (docs.length >= limit) break;
    }
  }
  return { docs, total: index.countOf(type, (status) => !INACTIVE_STATUSES.has(status), supersededBy.size > 0 ? superseded : undefined) };
}
