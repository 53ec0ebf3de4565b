import { describe, expect, it } from 'vitest';
import { buildPostings } from '../src/core/postings.js';
import type { EntryType, StoredEntry } from '../src/core/types.js';
import { rankRelevant } from '../src/session/relevant.js';
import { MemoryIndex, segmentOf, toIndexed } from '../src/store/memory-index.js';
import { storedEntry } from './helpers/entries.js';

function entry(id: string, type: EntryType, created: string, fields: Partial<StoredEntry> = {}): StoredEntry {
  return storedEntry({ id, type, created, body: `Body of ${id}.`, path: `.origin/x/${id}.md`, ...fields });
}

/** A cached base of five entries, one of them changed since (masked, re-read into the delta). */
function index(): MemoryIndex {
  const base = [
    entry('dec-00000001', 'decision', '2026-01-01T00:00:00Z', { files: ['src/db'] }),
    entry('dec-00000002', 'decision', '2026-01-03T00:00:00Z'),
    entry('dec-00000003', 'decision', '2026-01-02T00:00:00Z', { status: 'rejected' }),
    entry('gtc-00000004', 'gotcha', '2026-01-05T00:00:00Z'),
    entry('dec-00000005', 'decision', '2026-01-04T00:00:00Z'),
  ];
  const changed = entry('dec-00000005', 'decision', '2026-01-04T00:00:00Z', { title: 'Edited since' });
  const fresh = entry('dec-00000006', 'decision', '2026-01-06T00:00:00Z', { supersedes: ['dec-00000002'] });
  const docs = base.map(toIndexed);
  return new MemoryIndex(segmentOf(docs, buildPostings(base)), [4], [changed, fresh].map((e) => ({ entry: toIndexed(e), doc: e })), []);
}

describe('the briefing order of an index', () => {
  it('merges the cached newest-first order with changed and new entries', () => {
    const idx = index();
    expect([...idx.newest()].map((d) => idx.id(d))).toEqual(['dec-00000006', 'gtc-00000004', 'dec-00000005', 'dec-00000002', 'dec-00000003', 'dec-00000001']);
    expect(idx.entry(idx.docOf('dec-00000005'))?.title).toBe('Edited since');
  });

  it('ranks decisions in force: touched first, then newest; superseded and rejected left out of items and total', () => {
    const idx = index();
    const anchored = idx.anchoredTo(['src/db/schema.sql']);
    const ranked = rankRelevant(idx, 'decision', { anchored, supersededBy: idx.supersededBy() }, 10);
    expect(ranked.docs.map((r) => idx.id(r.doc))).toEqual(['dec-00000001', 'dec-00000006', 'dec-00000005']);
    expect(ranked.docs[0]?.touched).toEqual(['src/db']);
    expect(ranked.total).toBe(3);
  });

  it('keeps only what the query scored or the changes touched when there is a query', () => {
    const idx = index();
    const ranked = rankRelevant(idx, 'decision', { anchored: new Map(), supersededBy: idx.supersededBy(), queryScores: new Map([['dec-00000005', 2], ['dec-00000002', 5]]) }, 10);
    // dec-00000002 scored higher but is superseded.
    expect(ranked.docs.map((r) => idx.id(r.doc))).toEqual(['dec-00000005']);
    expect(ranked.total).toBe(1);
  });

  it('stops at the limit', () => {
    const idx = index();
    const ranked = rankRelevant(idx, 'decision', { anchored: new Map(), supersededBy: new Map() }, 2);
    expect(ranked.docs.map((r) => idx.id(r.doc))).toEqual(['dec-00000006', 'dec-00000005']);
    expect(ranked.total).toBe(4);
  });
});
