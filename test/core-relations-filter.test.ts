import { describe, expect, it } from 'vitest';
import { byNewest, byOldest, matchesFilter, normalisePath, parseSince, pathsOverlap } from '../src/core/filter.js';
import { entryToJson } from '../src/core/json.js';
import { buildRelations, effectiveStatus, lookupEntry } from '../src/core/relations.js';
import type { EntryType, StoredEntry } from '../src/core/types.js';

function entry(id: string, fields: Partial<StoredEntry> = {}): StoredEntry {
  const type = ({ dec: 'decision', gtc: 'gotcha', fup: 'followup', ctx: 'context', hnd: 'handoff' } as Record<string, EntryType>)[id.slice(0, 3)]!;
  return {
    id,
    type,
    title: `title of ${id}`,
    status: { decision: 'accepted', gotcha: 'active', followup: 'open', context: 'active', handoff: 'final' }[type],
    created: '2026-11-01T00:00:00Z',
    author: 'a',
    agent: 'b',
    session: 's',
    branch: 'main',
    commit: '',
    tags: [],
    files: [],
    links: [],
    supersedes: [],
    source: 'cli',
    extra: {},
    body: '',
    path: `.origin/x/${id}.md`,
    ...fields,
  };
}

describe('reverse relations are derived at read time', () => {
  const old = entry('dec-aaaaaaaa');
  const mid = entry('dec-bbbbbbbb', { supersedes: ['dec-aaaaaaaa'], links: ['ctx-cccccccc'] });
  const ctx = entry('ctx-cccccccc');
  const fup = entry('fup-dddddddd', { links: ['ctx-cccccccc', 'dec-aaaaaaaa'] });
  const canon = entry('gtc-eeeeeeee', { merged_from: ['gtc-ffffffff'] });
  const entries = [old, mid, ctx, fup, canon];
  const rel = buildRelations(entries);

  it('computes superseded_by, backlinks and merged-into from the newer records only', () => {
    expect(rel.supersededBy.get('dec-aaaaaaaa')).toEqual(['dec-bbbbbbbb']);
    expect(rel.backlinks.get('ctx-cccccccc')).toEqual(['dec-bbbbbbbb', 'fup-dddddddd']);
    expect(rel.backlinks.get('dec-aaaaaaaa')).toEqual(['fup-dddddddd']);
    expect(rel.mergedInto.get('gtc-ffffffff')).toBe('gtc-eeeeeeee');
    // the old entry itself says nothing about it
    expect(old.supersedes).toEqual([]);
  });

  it('shows a superseded decision as superseded, but never a follow-up', () => {
    expect(effectiveStatus(old, rel)).toBe('superseded');
    expect(effectiveStatus(mid, rel)).toBe('accepted');
    const f1 = entry('fup-11111111');
    const f2 = entry('fup-22222222', { supersedes: ['fup-11111111'] });
    expect(effectiveStatus(f1, buildRelations([f1, f2]))).toBe('open');
  });

  it('adds the derived relations to the JSON form', () => {
    const json = entryToJson(old, { relations: rel });
    expect(json.status).toBe('superseded');
    expect(json.superseded_by).toEqual(['dec-bbbbbbbb']);
    expect(json.backlinks).toEqual(['fup-dddddddd']);
    const bare = entryToJson(old);
    expect(bare.status).toBe('accepted');
    expect(bare.superseded_by).toBeUndefined();
    expect(bare.body).toBeUndefined();
    expect(entryToJson(old, { body: true }).body).toBe('');
  });

  it('looks entries up by full id, unique prefix, and merged id', () => {
    expect(lookupEntry(entries, rel, 'dec-aaaaaaaa')).toEqual({ kind: 'found', entry: old });
    expect(lookupEntry(entries, rel, 'DEC-AAAAAAAA')).toEqual({ kind: 'found', entry: old });
    expect(lookupEntry(entries, rel, 'dec-a')).toEqual({ kind: 'found', entry: old });
    expect(lookupEntry(entries, rel, 'bbb')).toEqual({ kind: 'found', entry: mid });
    expect(lookupEntry(entries, rel, 'gtc-ffffffff')).toEqual({ kind: 'found', entry: canon, via: 'gtc-ffffffff' });
    expect(lookupEntry(entries, rel, 'zzz')).toEqual({ kind: 'none' });
    const amb = lookupEntry(entries, rel, 'dec-');
    expect(amb.kind).toBe('ambiguous');
    expect(amb.kind === 'ambiguous' && amb.matches.map((e) => e.id)).toEqual(['dec-aaaaaaaa', 'dec-bbbbbbbb']);
  });
});

describe('filters', () => {
  const e = entry('gtc-aaaaaaaa', { tags: ['DB', 'perf'], files: ['src/db', 'lib/x.ts'], created: '2026-11-10T12:00:00Z' });

  it('filters by type, status, tags (all must match, case-insensitive), since and file', () => {
    expect(matchesFilter(e, { types: ['gotcha'] })).toBe(true);
    expect(matchesFilter(e, { types: ['decision', 'context'] })).toBe(false);
    expect(matchesFilter(e, { statuses: ['active'] })).toBe(true);
    expect(matchesFilter(e, { statuses: ['obsolete'] })).toBe(false);
    expect(matchesFilter(e, { tags: ['db'] })).toBe(true);
    expect(matchesFilter(e, { tags: ['db', 'perf'] })).toBe(true);
    expect(matchesFilter(e, { tags: ['db', 'ui'] })).toBe(false);
    expect(matchesFilter(e, { since: '2026-11-10' })).toBe(true);
    expect(matchesFilter(e, { since: '2026-11-10T12:00:01Z' })).toBe(false);
    expect(matchesFilter(e, { file: 'src/db/pool.ts' })).toBe(true);
    expect(matchesFilter(e, { file: 'src' })).toBe(true);
    expect(matchesFilter(e, { file: 'lib/x.ts' })).toBe(true);
    expect(matchesFilter(e, { file: 'lib/y.ts' })).toBe(false);
    expect(matchesFilter(e, { file: 'src/dbx' })).toBe(false);
  });

  it('compares paths as paths', () => {
    expect(pathsOverlap('src/db/', './src/db/pool.ts')).toBe(true);
    expect(pathsOverlap('src\\db', 'src/db')).toBe(true);
    expect(pathsOverlap('src/db', 'src/dbx')).toBe(false);
    expect(pathsOverlap('', 'src')).toBe(false);
    expect(normalisePath('./a//b/')).toBe('a/b');
  });

  it('parses --since as a date, a timestamp or an age', () => {
    const now = new Date('2026-11-23T12:00:00Z');
    expect(parseSince('2026-11-01', now)).toBe('2026-11-01');
    expect(parseSince('2026-11-01T10:00:00+02:00', now)).toBe('2026-11-01T08:00:00Z');
    expect(parseSince('3d', now)).toBe('2026-11-20T12:00:00Z');
    expect(parseSince('2w', now)).toBe('2026-11-09T12:00:00Z');
    expect(parseSince('12h', now)).toBe('2026-11-23T00:00:00Z');
    // The units the age column shows: m is minutes, mo months.
    expect(parseSince('30m', now)).toBe('2026-11-23T11:30:00Z');
    expect(parseSince('30min', now)).toBe('2026-11-23T11:30:00Z');
    expect(parseSince('1mo', now)).toBe('2026-10-23T12:00:00Z');
    expect(parseSince('2 months', now)).toBe('2026-09-23T12:00:00Z');
    expect(parseSince('3 days', now)).toBe('2026-11-20T12:00:00Z');
    expect(parseSince('3x', now)).toBeUndefined();
    expect(parseSince('1y', now)).toBe('2025-11-23T12:00:00Z');
    expect(parseSince('yesterday', now)).toBeUndefined();
    expect(parseSince('2026-13-45', now)).toBeUndefined();
  });

  it('orders newest first, ties broken by id; oldest first is the reverse', () => {
    const a = entry('dec-aaaaaaaa', { created: '2026-11-01T00:00:00Z' });
    const b = entry('dec-bbbbbbbb', { created: '2026-11-02T00:00:00Z' });
    const c = entry('dec-cccccccc', { created: '2026-11-02T00:00:00Z' });
    expect([a, c, b].sort(byNewest).map((x) => x.id)).toEqual(['dec-bbbbbbbb', 'dec-cccccccc', 'dec-aaaaaaaa']);
    expect([a, c, b].sort(byOldest).map((x) => x.id)).toEqual(['dec-aaaaaaaa', 'dec-cccccccc', 'dec-bbbbbbbb']);
  });
});
