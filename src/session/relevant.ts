import { INACTIVE_STATUSES, type EntryType } from '../core/types.js';
import type { MemoryIndex } from '../store/memory-index.js';

/**
 * Section 5 of the briefing: the gotchas, decisions or context in force,
 * best first: relevance to `--query`, then how many of the entry's anchored
 * files the branch and working tree touch, then recency. Only the first
 * `limit` are kept, so at 100k entries this is one pass over the typed
 * columns plus a sort of the few boosted entries, not a sort of the store.
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
  const boosted: { doc: number; touched: string[]; q: number }[] = [];
  // The newest `limit` of the rest, kept sorted newest first.
  const newest: number[] = [];
  let total = 0;
  for (const doc of index.docsOfType(type)) {
    if (INACTIVE_STATUSES.has(index.status(doc))) continue;
    if (supersededBy.size > 0 && supersededBy.has(index.id(doc))) continue;
    const touched = anchored.get(doc) ?? NONE;
    const q = queryScores?.get(index.id(doc)) ?? 0;
    if (queryScores && q <= 0 && touched.length === 0) continue;
    total++;
    if (q > 0 || touched.length > 0) {
      boosted.push({ doc, touched, q });
      continue;
    }
    if (newest.length === limit && newerThan(index, newest[limit - 1] as number, doc)) continue;
    let at = newest.length;
    while (at > 0 && newerThan(index, doc, newest[at - 1] as number)) at--;
    newest.splice(at, 0, doc);
    if (newest.length > limit) newest.pop();
  }
  boosted.sort((a, b) => b.q - a.q || b.touched.length - a.touched.length || (newerThan(index, a.doc, b.doc) ? -1 : 1));
  const docs: RankedDoc[] = boosted.slice(0, limit).map(({ doc, touched }) => ({ doc, touched }));
  for (const doc of newest) {
    if (docs.length >= limit) break;
    docs.push({ doc, touched: NONE });
  }
  return { docs, total };
}

/** Newer first; equal times by id, ascending (a stable, total order). */
function newerThan(index: MemoryIndex, a: number, b: number): boolean {
  const ta = index.createdMs(a);
  const tb = index.createdMs(b);
  if (ta !== tb) return ta > tb;
  return index.id(a) < index.id(b);
}
