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
  /** Shared between links (one frozen array per combination): read only. */
  reasons: readonly LinkReason[];
  /** Similarity, when `similar` is among the reasons. */
  score?: number;
}

/** How many entries one entry is linked to through a shared file, and through similar text. */
const MAX_SAME_FILE = 8;
const MAX_SIMILAR = 8;

const ORDER: readonly LinkReason[] = ['supersedes', 'superseded by', 'links to', 'linked from', 'same file', 'similar'];

/** Bit of each reason in a link's mask, in ORDER. */
const BIT = new Map<LinkReason, number>(ORDER.map((r, k) => [r, 1 << k]));

/** The reasons of each mask, in ORDER: one shared (frozen) array per mask, not one per link. */
const REASONS: ReadonlyArray<readonly LinkReason[]> = Array.from({ length: 1 << ORDER.length }, (_, mask) => Object.freeze(ORDER.filter((r) => (mask & (BIT.get(r) as number)) !== 0)));

/**
 * Links as flat columns (from, to, reason bits, score), one row per reason
 * found, grouped by entry at the end: a big store has over a million, and a
 * map of maps keyed by id strings cost seconds at 100k entries.
 */
class LinkRows {
  count = 0;
  from = new Int32Array(1 << 16);
  to = new Int32Array(1 << 16);
  mask = new Uint8Array(1 << 16);
  score = new Float64Array(1 << 16);

  add(from: number, to: number, bit: number, score: number): void {
    if (this.count === this.from.length) {
      const grow = <T extends Int32Array | Uint8Array | Float64Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2);
        b.set(a);
        return b;
      };
      [this.from, this.to, this.mask, this.score] = [grow(this.from), grow(this.to), grow(this.mask), grow(this.score)];
    }
    this.from[this.count] = from;
    this.to[this.count] = to;
    this.mask[this.count] = bit;
    this.score[this.count++] = score;
  }
}

export function computeLinks(entries: readonly StoredEntry[], relations: Relations, pairs: RelatedPairs): Map<string, RelatedEntry[]> {
  const byId = relations.byId;
  const index = new Map<string, number>();
  entries.forEach((e, i) => {
    index.set(e.id, i);
  });
  // An id merged away by refine still means the entry that absorbed it.
  const resolve = (id: string) => index.get(byId.has(id) ? id : (relations.mergedInto.get(id) ?? ''));
  const rows = new LinkRows();
  // Score -1: no similarity on this row.
  const add = (from: number, to: number | undefined, reason: LinkReason, score = -1) => {
    if (to === undefined || to === from) return;
    rows.add(from, to, BIT.get(reason) as number, score);
  };
  entries.forEach((e, i) => {
    for (const target of e.links) {
      const to = resolve(target);
      add(i, to, 'links to');
      if (to !== undefined) add(to, i, 'linked from');
    }
    for (const old of e.supersedes) {
      const to = resolve(old);
      add(i, to, 'supersedes');
      if (to !== undefined) add(to, i, 'superseded by');
    }
  });
  // Same anchored file: the most recent others first, a few per entry, so a
  // file that fifty entries mention does not make a clique of fifty.
  const byFile = new Map<string, number[]>();
  entries.forEach((e, i) => {
    for (const f of new Set(e.files)) {
      const list = byFile.get(f);
      if (list) list.push(i);
      else byFile.set(f, [i]);
    }
  });
  const recentFirst = (x: number, y: number) => cmp((entries[y] as StoredEntry).created, (entries[x] as StoredEntry).created) || cmp((entries[x] as StoredEntry).id, (entries[y] as StoredEntry).id);
  // Each file's entries sorted once; an entry's links are the most recent
  // others of the union of its files' lists, and those are among the first
  // MAX_SAME_FILE + 1 of each list (the entry itself may be one of them).
  // Sorting the whole union for every entry was quadratic in the entries of
  // a file.
  for (const list of byFile.values()) list.sort(recentFirst);
  entries.forEach((e, i) => {
    if (e.files.length === 0) return;
    const others = new Set<number>();
    for (const f of new Set(e.files)) {
      const list = byFile.get(f) ?? [];
      for (let k = 0; k < list.length && k <= MAX_SAME_FILE; k++) if (list[k] !== i) others.add(list[k] as number);
    }
    for (const o of [...others].sort(recentFirst).slice(0, MAX_SAME_FILE)) add(i, o, 'same file');
  });
  similarLinks(pairs, (from, to, score) => {
    // After a one-round plan with merges, the pairs name entries absorbed since: no links from those.
    const f = index.get(from);
    if (f !== undefined) add(f, index.get(to), 'similar', round(score));
  });

  // Group the rows by entry (a counting sort), merge the rows of one link,
  // and order each entry's links: the strongest reason first (the lowest
  // bit), then the most similar, then by id.
  const n = entries.length;
  const start = new Int32Array(n + 1);
  for (let k = 0; k < rows.count; k++) (start[(rows.from[k] as number) + 1] as number)++;
  for (let i = 0; i < n; i++) start[i + 1] = (start[i + 1] as number) + (start[i] as number);
  const order = new Int32Array(rows.count);
  const fill = start.slice(0, n);
  for (let k = 0; k < rows.count; k++) order[(fill[rows.from[k] as number] as number)++] = k;
  const result = new Map<string, RelatedEntry[]>();
  // Scratch for one entry's links: target, reason bits, best similarity (-1: none).
  let to = new Int32Array(64);
  let mask = new Uint8Array(64);
  let score = new Float64Array(64);
  const strength = (m: number) => 31 - Math.clz32(m & -m);
  const before = (x: number, y: number) => {
    const s = strength(mask[x] as number) - strength(mask[y] as number);
    if (s !== 0) return s < 0;
    const d = Math.max(0, score[y] as number) - Math.max(0, score[x] as number);
    if (d !== 0) return d < 0;
    return (entries[to[x] as number] as StoredEntry).id < (entries[to[y] as number] as StoredEntry).id;
  };
  for (let i = 0; i < n; i++) {
    const rowsOf = (start[i + 1] as number) - (start[i] as number);
    if (rowsOf === 0) continue;
    if (rowsOf > to.length) [to, mask, score] = [new Int32Array(rowsOf), new Uint8Array(rowsOf), new Float64Array(rowsOf)];
    // The rows of one link merged (an entry has a few dozen at most: a linear search).
    let m = 0;
    for (let p = start[i] as number; p < (start[i + 1] as number); p++) {
      const k = order[p] as number;
      const target = rows.to[k] as number;
      let at = 0;
      while (at < m && to[at] !== target) at++;
      if (at === m) {
        to[m] = target;
        mask[m] = rows.mask[k] as number;
        score[m++] = rows.score[k] as number;
      } else {
        mask[at] = (mask[at] as number) | (rows.mask[k] as number);
        score[at] = Math.max(score[at] as number, rows.score[k] as number);
      }
    }
    // Insertion sort of positions 0..m-1 into link order.
    const sorted = new Array<number>(m);
    for (let x = 0; x < m; x++) {
      let pos = x;
      while (pos > 0 && before(x, sorted[pos - 1] as number)) {
        sorted[pos] = sorted[pos - 1] as number;
        pos--;
      }
      sorted[pos] = x;
    }
    result.set(
      (entries[i] as StoredEntry).id,
      sorted.map((x) => {
        const id = (entries[to[x] as number] as StoredEntry).id;
        const reasons = REASONS[mask[x] as number] as readonly LinkReason[];
        return (score[x] as number) >= 0 ? { id, reasons, score: score[x] as number } : { id, reasons };
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
