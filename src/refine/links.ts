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

/** Bit of each reason in a link's mask, in ORDER. */
const BIT = new Map<LinkReason, number>(ORDER.map((r, k) => [r, 1 << k]));

interface Building {
  id: string;
  /** Reasons as bits of BIT; sorted into ORDER when the link is output. */
  mask: number;
  score?: number;
}

export function computeLinks(entries: readonly StoredEntry[], relations: Relations, pairs: RelatedPairs): Map<string, RelatedEntry[]> {
  const byId = relations.byId;
  // An id merged away by refine still means the entry that absorbed it.
  const resolve = (id: string) => (byId.has(id) ? id : relations.mergedInto.get(id));
  const out = new Map<string, Map<string, Building>>();
  const add = (from: string, to: string | undefined, reason: LinkReason, score?: number) => {
    if (!to || to === from || !byId.has(to)) return;
    let mine = out.get(from);
    if (!mine) out.set(from, (mine = new Map()));
    let link = mine.get(to);
    if (!link) mine.set(to, (link = { id: to, mask: 0 }));
    link.mask |= BIT.get(reason) as number;
    if (score !== undefined) link.score = Math.max(link.score ?? 0, score);
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
  for (const e of entries) {
    for (const f of new Set(e.files)) {
      const list = byFile.get(f);
      if (list) list.push(e);
      else byFile.set(f, [e]);
    }
  }
  const recentFirst = (x: StoredEntry, y: StoredEntry) => cmp(y.created, x.created) || cmp(x.id, y.id);
  for (const e of entries) {
    if (e.files.length === 0) continue;
    const others = new Map<string, StoredEntry>();
    for (const f of new Set(e.files)) for (const o of byFile.get(f) ?? []) if (o.id !== e.id) others.set(o.id, o);
    for (const o of [...others.values()].sort(recentFirst).slice(0, MAX_SAME_FILE)) add(e.id, o.id, 'same file');
  }
  similarLinks(pairs, (from, to, score) => add(from, to, 'similar', round(score)));
  const result = new Map<string, RelatedEntry[]>();
  for (const [id, links] of out) {
    const sorted = [...links.values()];
    // The strongest reason first (the lowest bit), then the most similar, then by id.
    const strength = (l: Building) => 31 - Math.clz32(l.mask & -l.mask);
    sorted.sort((x, y) => strength(x) - strength(y) || (y.score ?? 0) - (x.score ?? 0) || cmp(x.id, y.id));
    result.set(
      id,
      sorted.map((l) => {
        const link: RelatedEntry = { id: l.id, reasons: ORDER.filter((r) => (l.mask & (BIT.get(r) as number)) !== 0) };
        if (l.score !== undefined) link.score = l.score;
        return link;
      }),
    );
  }
  return result;
}

/**
 * Similar text: the MAX_SIMILAR strongest pairs of each entry (ties by the
 * other's id), from pairs judged at least related. A big store has close to
 * a million such pairs: they are grouped by entry in typed arrays (a
 * counting sort), not in a list of tuples per entry.
 */
function similarLinks(pairs: RelatedPairs, add: (from: string, to: string, score: number) => void): void {
  // Ids, not indexes: after a one-round plan with merges, the pairs index the entries before them.
  const ids = pairs.entries.map((e) => e.id);
  const n = ids.length;
  const degree = new Uint32Array(n + 1);
  for (let k = 0; k < pairs.count; k++) {
    if ((pairs.score[k] as number) < THRESHOLDS.related) continue;
    (degree[pairs.left[k] as number] as number)++;
    (degree[pairs.right[k] as number] as number)++;
  }
  const start = new Uint32Array(n + 1);
  for (let i = 0; i < n; i++) start[i + 1] = (start[i] as number) + (degree[i] as number);
  const other = new Uint32Array(start[n] as number);
  const score = new Float64Array(start[n] as number);
  const fill = start.slice(0, n);
  for (let k = 0; k < pairs.count; k++) {
    const s = pairs.score[k] as number;
    if (s < THRESHOLDS.related) continue;
    const a = pairs.left[k] as number;
    const b = pairs.right[k] as number;
    other[fill[a] as number] = b;
    score[(fill[a] as number)++] = s;
    other[fill[b] as number] = a;
    score[(fill[b] as number)++] = s;
  }
  // The best MAX_SIMILAR of each entry, by insertion into a short sorted list.
  const best = new Int32Array(MAX_SIMILAR);
  const before = (x: number, y: number) => (score[x] as number) > (score[y] as number) || ((score[x] as number) === (score[y] as number) && (ids[other[x] as number] as string) < (ids[other[y] as number] as string));
  for (let i = 0; i < n; i++) {
    let kept = 0;
    for (let k = start[i] as number; k < (start[i + 1] as number); k++) {
      let pos = kept;
      while (pos > 0 && before(k, best[pos - 1] as number)) pos--;
      if (pos >= MAX_SIMILAR) continue;
      for (let m = Math.min(kept, MAX_SIMILAR - 1); m > pos; m--) best[m] = best[m - 1] as number;
      best[pos] = k;
      if (kept < MAX_SIMILAR) kept++;
    }
    for (let m = 0; m < kept; m++) add(ids[i] as string, ids[other[best[m] as number] as number] as string, score[best[m] as number] as number);
  }
}

export function round(score: number): number {
  return Math.round(score * 1000) / 1000;
}
