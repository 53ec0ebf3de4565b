import type { RelatedEntry, Relations } from './relations.js';
import { effectiveStatus } from './relations.js';
import { type EntryType, STATUSES, type StoredEntry } from './types.js';

/** The filters shared by `list`, `recall` and the MCP tools. */
export interface EntryFilter {
  types?: EntryType[];
  statuses?: string[];
  tags?: string[];
  /** ISO date or timestamp; entries created at or after it. */
  since?: string;
  /** Repo-relative path; entries anchored to it, to a folder containing it, or to a file inside it. */
  file?: string;
}

export function matchesFilter(
  entry: Pick<StoredEntry, 'id' | 'type' | 'status' | 'tags' | 'created' | 'files'>,
  filter: EntryFilter,
  relations?: Pick<Relations<RelatedEntry>, 'supersededBy'>,
): boolean {
  if (filter.types?.length && !filter.types.includes(entry.type)) return false;
  if (filter.statuses?.length) {
    const status = relations ? effectiveStatus(entry, relations) : entry.status;
    if (!filter.statuses.includes(status)) return false;
  }
  if (filter.tags?.length) {
    const tags = new Set(entry.tags.map((t) => t.toLowerCase()));
    if (!filter.tags.every((t) => tags.has(t.toLowerCase()))) return false;
  }
  // By time, not by how the dates are written (an offset, a date alone); an entry without a readable date is not "since" anything.
  if (filter.since && !(Date.parse(entry.created) >= Date.parse(filter.since))) return false;
  if (filter.file && !entry.files.some((f) => pathsOverlap(f, filter.file as string))) return false;
  return true;
}

/** True when one path is the other, or a folder that contains it. */
export function pathsOverlap(a: string, b: string): boolean {
  const x = normalisePath(a);
  const y = normalisePath(b);
  if (!x || !y) return false;
  return x === y || y.startsWith(`${x}/`) || x.startsWith(`${y}/`);
}

/**
 * `(anchor) => pathsOverlap(anchor, c)` for some c of `paths`, answered with
 * set look-ups instead of comparing against every path (a branch diff can
 * name thousands of files, a store hold thousands of anchors).
 */
export function overlapMatcher(paths: readonly string[]): (anchor: string) => boolean {
  const exact = new Set<string>();
  const folders = new Set<string>();
  for (const p of paths) {
    const n = normalisePath(p);
    if (!n) continue;
    exact.add(n);
    for (let i = n.indexOf('/'); i > 0; i = n.indexOf('/', i + 1)) folders.add(n.slice(0, i));
  }
  return (anchor) => {
    const a = normalisePath(anchor);
    if (!a) return false;
    // The anchor is a changed path or a folder holding one...
    if (exact.has(a) || folders.has(a)) return true;
    // ...or lies inside a changed folder.
    for (let i = a.indexOf('/'); i > 0; i = a.indexOf('/', i + 1)) if (exact.has(a.slice(0, i))) return true;
    return false;
  };
}

export function normalisePath(p: string): string {
  return p
    .replace(/\\/g, '/')
    .replace(/^\.\//, '')
    .replace(/\/+$/, '')
    .replace(/\/{2,}/g, '/');
}

/**
 * `--since` accepts a date (`2026-11-01`), a timestamp, or a relative age
 * in the units the age column shows: `30m` (minutes), `12h`, `3d`, `2w`,
 * `6mo`, `1y` (and their words: `30min`, `2 weeks`, `6 months`).
 * Returns an ISO string to compare with.
 */
const UNITS: Record<string, 'min' | 'h' | 'd' | 'w' | 'mo' | 'y'> = {
  m: 'min', min: 'min', mins: 'min', minute: 'min', minutes: 'min',
  h: 'h', hour: 'h', hours: 'h',
  d: 'd', day: 'd', days: 'd',
  w: 'w', week: 'w', weeks: 'w',
  mo: 'mo', month: 'mo', months: 'mo',
  y: 'y', year: 'y', years: 'y',
};

export function parseSince(value: string, now: Date): string | undefined {
  const v = value.trim();
  const rel = /^(\d+)\s*([a-z]+)$/i.exec(v);
  const unit = rel ? UNITS[(rel[2] as string).toLowerCase()] : undefined;
  if (rel && unit) {
    const n = Number(rel[1]);
    const d = new Date(now.getTime());
    if (unit === 'min') d.setUTCMinutes(d.getUTCMinutes() - n);
    if (unit === 'h') d.setUTCHours(d.getUTCHours() - n);
    if (unit === 'd') d.setUTCDate(d.getUTCDate() - n);
    if (unit === 'w') d.setUTCDate(d.getUTCDate() - 7 * n);
    if (unit === 'mo') d.setUTCMonth(d.getUTCMonth() - n);
    if (unit === 'y') d.setUTCFullYear(d.getUTCFullYear() - n);
    return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
  if (/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(v) && !Number.isNaN(Date.parse(v))) {
    return v.length === 10 ? v : new Date(v).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
  return undefined;
}

/** Newest first by creation time, then by id so the order is total. */
export function byNewest(a: Pick<StoredEntry, 'id' | 'created'>, b: Pick<StoredEntry, 'id' | 'created'>): number {
  if (a.created !== b.created) return a.created < b.created ? 1 : -1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function byOldest(a: Pick<StoredEntry, 'id' | 'created'>, b: Pick<StoredEntry, 'id' | 'created'>): number {
  return -byNewest(a, b);
}

/**
 * A status filter no entry could match, with the statuses that could: one
 * no type has and no entry of the store uses either (`used`: readers accept
 * hand-written statuses, so those are filters too). Commands refuse it as a
 * usage error, as an unknown type is, rather than answer "nothing matches".
 */
export function unknownStatus(filter: EntryFilter, used: Iterable<string>): { status: string; known: string[] } | undefined {
  const known = new Set([...Object.values(STATUSES).flat(), ...used]);
  const status = (filter.statuses ?? []).find((s) => !known.has(s));
  return status === undefined ? undefined : { status, known: [...known].sort() };
}
