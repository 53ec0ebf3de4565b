import type { Relations } from '../core/relations.js';
import type { StoredEntry } from '../core/types.js';
import { cmp, type RelatedPairs } from './plan.js';
import { THRESHOLDS } from './verify.js';

/**
 * Links between entries, computed at refine time and written only into the
 * generated wiki (never into entry files, which would make every refine
 * touch old files and conflict across branches). An entry is related to
 * another when one names the other (links, supersedes), when both are
 * anchored to the same file, or when their texts are similar.
 */

export type LinkReason = 'links to' | 'linked from' | 'supersedes' | 'superseded by' | 'same file' | 'similar';

export interface RelatedEntry {
  id: string;
  reasons: LinkReason[];
  /** Similarity, when `similar` is among the reasons. */
  score?: number;
}

/** How many entries one entry is linked to through a shared file, and through similar text. */
const MAX_SAME_FILE = 8;
const MAX_SIMILAR = 8;

const ORDER: readonly LinkReason[] = ['supersedes', 'superseded by', 'links to', 'linked from', 'same file', 'similar'];

export function computeLinks(entries: readonly StoredEntry[], relations: Relations, pairs: RelatedPairs): Map<string, RelatedEntry[]> {
  const byId = relations.byId;
  // An id merged away by refine still means the entry that absorbed it.
  const resolve = (id: string) => (byId.has(id) ? id : relations.mergedInto.get(id));
  const out = new Map<string, Map<string, RelatedEntry>>();
  const add = (from: string, to: string | undefined, reason: LinkReason, score?: number) => {
    if (!to || to === from || !byId.has(to)) return;
    let mine = out.get(from);
    if (!mine) out.set(from, (mine = new Map()));
    const link = mine.get(to) ?? { id: to, reasons: [] };
    if (!link.reasons.includes(reason)) link.reasons.push(reason);
    if (score !== undefined) link.score = Math.max(link.score ?? 0, score);
    mine.set(to, link);
  };
  for (const e of entries) {
    for (const target of e.links) {
      const to = resolve(target);
      add(e.id, to, 'links to');
      if (to) add(to, e.id, 'linked from');
    }
    for (const old of e.supersedes) {
      const to = resolve(old);
      add(e.id, to, 'supersedes');
      if (to) add(to, e.id, 'superseded by');
    }
  }
  // Same anchored file: the most recent others first, a few per entry, so a
  // file that fifty entries mention does not make a clique of fifty.
  const byFile = new Map<string, StoredEntry[]>();
  const push = <K, V>(map: Map<K, V[]>, key: K, value: V) => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };
  for (const e of entries) for (const f of new Set(e.files)) push(byFile, f, e);
  const recentFirst = (x: StoredEntry, y: StoredEntry) => cmp(y.created, x.created) || cmp(x.id, y.id);
  for (const e of entries) {
    const others = new Map<string, StoredEntry>();
    for (const f of new Set(e.files)) for (const o of byFile.get(f) ?? []) if (o.id !== e.id) others.set(o.id, o);
    for (const o of [...others.values()].sort(recentFirst).slice(0, MAX_SAME_FILE)) add(e.id, o.id, 'same file');
  }
  // Similar text: the strongest pairs of each entry.
  const similar = new Map<string, Array<[string, number]>>();
  for (let k = 0; k < pairs.count; k++) {
    const score = pairs.score[k] as number;
    if (score < THRESHOLDS.related) continue;
    // Ids, not indexes: after a one-round plan with merges, the pairs index the entries before them.
    const a = (pairs.entries[pairs.left[k] as number] as StoredEntry).id;
    const b = (pairs.entries[pairs.right[k] as number] as StoredEntry).id;
    push(similar, a, [b, score]);
    push(similar, b, [a, score]);
  }
  for (const [id, list] of similar) {
    list.sort((x, y) => y[1] - x[1] || cmp(x[0], y[0]));
    for (const [other, score] of list.slice(0, MAX_SIMILAR)) add(id, other, 'similar', round(score));
  }
  const result = new Map<string, RelatedEntry[]>();
  for (const [id, links] of out) {
    const strength = (l: RelatedEntry) => Math.min(...l.reasons.map((r) => ORDER.indexOf(r)));
    const sorted = [...links.values()].map((l) => ({ ...l, reasons: [...l.reasons].sort((x, y) => ORDER.indexOf(x) - ORDER.indexOf(y)) }));
    sorted.sort((x, y) => strength(x) - strength(y) || (y.score ?? 0) - (x.score ?? 0) || cmp(x.id, y.id));
    result.set(id, sorted);
  }
  return result;
}

export function round(score: number): number {
  return Math.round(score * 1000) / 1000;
}
