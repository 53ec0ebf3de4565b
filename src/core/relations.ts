import type { EntryType, StoredEntry } from './types.js';
import { idMatches } from './id.js';

/** What relations are derived from: an entry's file, or its row in the index cache. */
export interface RelatedEntry {
  id: string;
  type: EntryType;
  status: string;
  supersedes: readonly string[];
  links: readonly string[];
  merged_from?: readonly string[];
}

/**
 * Reverse relations, derived at read time and never written back into old
 * files: who supersedes an entry, who links to it, what it was merged into.
 * Keeping relations only on the newer record is what lets two branches add
 * entries without ever touching the same file.
 */
export interface Relations<E extends RelatedEntry = StoredEntry> {
  byId: Map<string, E>;
  /** id -> ids of the entries that supersede it. */
  supersededBy: Map<string, string[]>;
  /** id -> ids of the entries that link to it. */
  backlinks: Map<string, string[]>;
  /** merged (removed) id -> the canonical entry that absorbed it. */
  mergedInto: Map<string, string>;
}

export function buildRelations<E extends RelatedEntry>(entries: readonly E[]): Relations<E> {
  const byId = new Map<string, E>();
  for (const e of entries) byId.set(e.id, e);
  const supersededBy = new Map<string, string[]>();
  const backlinks = new Map<string, string[]>();
  const mergedInto = new Map<string, string>();
  const push = (map: Map<string, string[]>, key: string, value: string) => {
    const list = map.get(key);
    if (list) {
      if (!list.includes(value)) list.push(value);
    } else map.set(key, [value]);
  };
  for (const e of entries) {
    for (const old of e.supersedes) push(supersededBy, old, e.id);
    for (const target of e.links) push(backlinks, target, e.id);
    for (const m of e.merged_from ?? []) mergedInto.set(m, e.id);
  }
  return { byId, supersededBy, backlinks, mergedInto };
}

/** The status to show: a decision superseded by a newer entry reads "superseded". */
export function effectiveStatus(entry: Pick<RelatedEntry, 'id' | 'type' | 'status'>, relations: { supersededBy: { has(id: string): boolean } }): string {
  if (relations.supersededBy.has(entry.id) && entry.type !== 'followup') return 'superseded';
  return entry.status;
}

export type Lookup<E extends RelatedEntry = StoredEntry> =
  | { kind: 'found'; entry: E; via?: string }
  | { kind: 'none' }
  | { kind: 'ambiguous'; matches: E[] };

/** Where a lookup finds ids: whether one exists, the merged ids, and the ids a prefix matches. */
export interface IdSource<T> {
  get(id: string): T | undefined;
  mergedInto: ReadonlyMap<string, string>;
  matching(query: string): T[];
}

/**
 * Finds an entry by full id or unique prefix. An id merged away by refine,
 * or a prefix of one that no live id has, resolves to the entry that
 * absorbed it (`via` names the old id). The one
 * rule for every lookup: over entries in memory (lookupEntry) or over the
 * index cache's columns (`origin show` and the commands that find an entry).
 */
export function lookupIn<T>(source: IdSource<T>, query: string): { kind: 'found'; entry: T; via?: string } | { kind: 'none' } | { kind: 'ambiguous'; matches: T[] } {
  const q = query.trim().toLowerCase();
  const exact = source.get(q);
  if (exact !== undefined) return { kind: 'found', entry: exact };
  const merged = source.mergedInto.get(q);
  if (merged) {
    const target = source.get(merged);
    if (target !== undefined) return { kind: 'found', entry: target, via: q };
  }
  const matches = source.matching(q);
  if (matches.length === 1) return { kind: 'found', entry: matches[0] as T };
  if (matches.length > 1) return { kind: 'ambiguous', matches };
  // A prefix of a merged id, when no live id has it: the entries that absorbed the ids it matches.
  const oldIds = [...source.mergedInto.keys()].filter((id) => idMatches(id, q));
  const targets = [...new Set(oldIds.map((id) => source.mergedInto.get(id) as string))].flatMap((id) => {
    const entry = source.get(id);
    return entry === undefined ? [] : [entry];
  });
  if (targets.length === 1) return { kind: 'found', entry: targets[0] as T, ...(oldIds.length === 1 ? { via: oldIds[0] as string } : {}) };
  if (targets.length > 1) return { kind: 'ambiguous', matches: targets };
  return { kind: 'none' };
}

/** lookupIn() over entries in memory. */
export function lookupEntry<E extends RelatedEntry>(entries: readonly E[], relations: Relations<E>, query: string): Lookup<E> {
  return lookupIn({ get: (id) => relations.byId.get(id), mergedInto: relations.mergedInto, matching: (q) => entries.filter((e) => idMatches(e.id, q)) }, query);
}
