import { describe, expect, it } from 'vitest';
import type { StoredEntry } from '../src/core/types.js';
import { canonicalOrder, mergeBodies, mergeEntries, parseBlocks, sentences, unitKeys } from '../src/refine/merge-body.js';
import { storedEntry } from './helpers/entries.js';

function entry(id: string, title: string, body: string, fields: Partial<StoredEntry> = {}): StoredEntry {
  return storedEntry({ id, title, body, ...fields });
}

describe('sentences', () => {
  it('splits after . ! ? before a capital, and not after abbreviations', () => {
    expect(sentences('We use Postgres. It has transactions! Why? Because, e.g. Stripe does. Version 1.2 ships.')).toEqual([
      'We use Postgres.',
      'It has transactions!',
      'Why?',
      'Because, e.g. Stripe does.',
      'Version 1.2 ships.',
    ]);
  });
});

describe('mergeBodies', () => {
  const canonical = entry('dec-aaaaaaaa', 'Use Postgres', 'We need transactions. The service stores its data in PostgreSQL.\n\n- Backups run nightly.\n');
  const duplicate = entry(
    'dec-bbbbbbbb',
    'Postgres is the database',
    'The service stores its data in PostgreSQL.  We need  transactions.\nConnection pooling goes through pgbouncer.\n\n- Backups run nightly\n- Restores are tested monthly.\n\n```sql\nSELECT 1;\n```\n',
  );

  it('keeps every sentence of both entries, identical ones once, in order', () => {
    const merged = mergeBodies(canonical, duplicate);
    const keys = unitKeys(merged);
    for (const key of [...unitKeys(canonical.body), ...unitKeys(duplicate.body)]) expect(keys).toContain(key);
    expect(merged.match(/stores its data in PostgreSQL/g)).toHaveLength(1);
    expect(merged.match(/transactions/g)).toHaveLength(1);
    expect(merged.match(/Backups run nightly/g)).toHaveLength(1);
    expect(merged).toBe(
      [
        'We need transactions. The service stores its data in PostgreSQL.',
        '',
        '- Backups run nightly.',
        '',
        '_Merged from dec-bbbbbbbb (“Postgres is the database”, 2026-01-10):_',
        '',
        'Connection pooling goes through pgbouncer.',
        '',
        '- Restores are tested monthly.',
        '',
        '```sql\nSELECT 1;\n```',
        '',
      ].join('\n'),
    );
  });

  it('leaves the body as it is when the duplicate is an exact copy', () => {
    const copy = { ...canonical, id: 'dec-cccccccc' };
    expect(mergeBodies(canonical, copy)).toBe(canonical.body);
  });

  it('repeats a heading both entries have above what the duplicate adds under it, and drops one with nothing new under it', () => {
    const a = entry('dec-1aaaaaaa', 'Use Terraform', '## Status\n\nAccepted\n\n## Context\n\nWe need repeatable infrastructure.\n');
    const b = entry('dec-2bbbbbbb', 'Use Terraform', '## Status\n\nPending\n\n## Context\n\nWe need repeatable infrastructure.\n\n## Decision\n\nWe will use Terraform.\n');
    expect(mergeBodies(a, b)).toBe(
      '## Status\n\nAccepted\n\n## Context\n\nWe need repeatable infrastructure.\n\n_Merged from dec-2bbbbbbb (2026-01-10):_\n\n## Status\n\nPending\n\n## Decision\n\nWe will use Terraform.\n',
    );
  });

  it('names who wrote the duplicate when someone else did, and ends a line with nothing after it in a full stop', () => {
    const mine = entry('dec-1aaaaaaa', 'Use Postgres', 'We use Postgres.', { author: 'Ann', agent: 'claude-code' });
    const theirs = entry('dec-2bbbbbbb', 'Postgres it is', 'We use Postgres. It has transactions.', { author: 'Bob Other', agent: 'cursor', created: '2026-02-01T09:00:00Z' });
    expect(mergeBodies(mine, theirs)).toBe('We use Postgres.\n\n_Merged from dec-2bbbbbbb (“Postgres it is”, 2026-02-01, Bob Other via cursor):_\n\nIt has transactions.\n');
    expect(mergeBodies(mine, { ...theirs, body: 'We use Postgres.' })).toBe('We use Postgres.\n\n_Merged from dec-2bbbbbbb (“Postgres it is”, 2026-02-01, Bob Other via cursor), which added nothing else._\n');
  });

  it('unites distinct marks and drops those naming the merged pair itself', () => {
    const a = entry('dec-1aaaaaaa', 'Use Postgres', 'We use Postgres.', { distinct: ['dec-3ccccccc'] });
    const b = entry('dec-2bbbbbbb', 'Use Postgres', 'We use Postgres. It has transactions.', { distinct: ['dec-1aaaaaaa', 'dec-4dddddddd'] });
    expect(mergeEntries(a, [b]).distinct).toEqual(['dec-3ccccccc', 'dec-4dddddddd']);
    expect(mergeEntries(entry('dec-1aaaaaaa', 'Use Postgres', 'We use Postgres.'), [{ ...b, distinct: ['dec-1aaaaaaa'] }]).distinct).toBeUndefined();
  });

  it("says the duplicate's status when it differs: a done follow-up's resolution merged into an open one is marked as the other's", () => {
    const open = { ...entry('fup-1aaaaaaa', 'Flaky upload test', 'The upload test fails one run in ten on CI.'), type: 'followup' as const, status: 'open' };
    const done = { ...entry('fup-2bbbbbbb', 'Flaky upload test', 'The upload test fails one run in ten on CI.\n\n## Resolution\n\nA fixed port clashed; the test now asks for a free one.'), type: 'followup' as const, status: 'done' };
    expect(mergeBodies(open, done)).toBe('The upload test fails one run in ten on CI.\n\n_Merged from fup-2bbbbbbb (2026-01-10), whose status was done:_\n\n## Resolution\n\nA fixed port clashed; the test now asks for a free one.\n');
    // Same status: nothing to say.
    expect(mergeBodies(open, { ...done, status: 'open' })).toContain('_Merged from fup-2bbbbbbb (2026-01-10):_');
  });

  it('keeps a code block or a table whole', () => {
    const blocks = parseBlocks('Intro.\n\n```\na. B. c\n\nd\n```\n\n| a | b |\n| - | - |\n| 1 | 2 |\n');
    expect(blocks.map((b) => b.kind)).toEqual(['paragraph', 'code', 'table']);
    expect(blocks[1]?.units).toEqual(['```\na. B. c\n\nd\n```']);
  });
});

describe('mergeEntries', () => {
  it('unites tags, files, links and supersedes, and records provenance', () => {
    const a = entry('dec-aaaaaaaa', 'A', 'One.', { tags: ['db'], files: ['src/db.ts'], links: ['dec-bbbbbbbb', 'gtc-11111111'] });
    const b = entry('dec-bbbbbbbb', 'B', 'Two.', { tags: ['db', 'storage'], files: ['src/pool.ts'], links: ['dec-aaaaaaaa', 'fup-22222222'], supersedes: ['dec-00000000'], merged_from: ['dec-99999999'] });
    const merged = mergeEntries(a, [b]);
    expect(merged.id).toBe('dec-aaaaaaaa');
    expect(merged.path).toBe(a.path);
    expect(merged.merged_from).toEqual(['dec-bbbbbbbb', 'dec-99999999']);
    expect(merged.tags).toEqual(['db', 'storage']);
    expect(merged.files).toEqual(['src/db.ts', 'src/pool.ts']);
    expect(merged.links).toEqual(['gtc-11111111', 'fup-22222222']);
    expect(merged.supersedes).toEqual(['dec-00000000']);
    expect(merged.body).toContain('Two.');
  });

  it('keeps front-matter fields it does not know: the canonical value in front matter, a clashing one written into the body', () => {
    const a = entry('ctx-aaaaaaaa', 'Ledger owner', 'The payments team owns the ledger.', { extra: { jira: 'PROJ-1', team: 'payments' } });
    const b = entry('ctx-bbbbbbbb', 'Ledger owner', 'The payments team owns the ledger.', { extra: { jira: 'PROJ-2', team: 'payments', priority: 2 } });
    const merged = mergeEntries(a, [b]);
    expect(merged.extra).toEqual({ jira: 'PROJ-1', team: 'payments', priority: 2 });
    expect(merged.body).toContain('_Merged from ctx-bbbbbbbb');
    expect(merged.body).toContain('ctx-bbbbbbbb also had `jira: "PROJ-2"` in its front matter.');
    expect(merged.body).not.toContain('team:');
  });

  it('reads a mapping in another key order as the same value, and quotes a value with backticks whole', () => {
    const a = entry('ctx-aaaaaaaa', 'Owner', 'x.', { extra: { owner: { team: 'payments', chan: '#ledger' }, cmd: 'run `make`' } });
    const b = entry('ctx-bbbbbbbb', 'Owner', 'x.', { extra: { owner: { chan: '#ledger', team: 'payments' }, cmd: 'run `make all`' } });
    const merged = mergeEntries(a, [b]);
    expect(merged.body).not.toContain('owner:');
    expect(merged.body).toContain('ctx-bbbbbbbb also had `` cmd: "run `make all`" `` in its front matter.');
  });
});

describe('canonicalOrder', () => {
  it('prefers the entry in force, then the older, then the smaller id', () => {
    const old = entry('dec-bbbbbbbb', 'x', '', { created: '2025-01-01T00:00:00Z' });
    const young = entry('dec-aaaaaaaa', 'x', '', { created: '2026-01-01T00:00:00Z' });
    const rejected = entry('dec-00000000', 'x', '', { created: '2024-01-01T00:00:00Z', status: 'rejected' });
    const proposed = entry('dec-11111111', 'x', '', { created: '2024-01-01T00:00:00Z', status: 'proposed' });
    expect([young, old, rejected, proposed].sort(canonicalOrder).map((e) => e.id)).toEqual(['dec-bbbbbbbb', 'dec-aaaaaaaa', 'dec-11111111', 'dec-00000000']);
  });
});
