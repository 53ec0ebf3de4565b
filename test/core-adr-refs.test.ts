import { describe, expect, it } from 'vitest';
import { recordRefs, relateRecords, resolveRecordRef } from '../src/core/adr-refs.js';
import { parseDecisionRecord } from '../src/core/adr.js';

describe('references between decision records', () => {
  it('reads supersessions as adr-tools, MADR and log4brains write them, and other links as links', () => {
    const refs = recordRefs(
      [
        '- Status: superseded by [20201016-use-the-adr-slug](20201016-use-the-adr-slug.md)',
        '## Status',
        '',
        '⌛️ Superseded by [036. Multi-cluster](036-multi-cluster.md)',
        '**Supersedes** [2. Use MySQL](./0002-use-mysql.md)',
        'Superseded by ADR025',
        'This ADR in part supersedes [0003](0003-aws-networking-outline.md).',
        'See [the runbook](https://example.com/runbook) and [mail](mailto:a@b.c) and [above](#context).',
        '```',
        'Superseded by [not a record](0009-in-a-code-block.md)',
        '```',
      ].join('\n'),
    );
    expect(refs).toEqual([
      { kind: 'superseded-by', target: '20201016-use-the-adr-slug.md' },
      { kind: 'superseded-by', target: '036-multi-cluster.md' },
      { kind: 'supersedes', target: './0002-use-mysql.md' },
      { kind: 'superseded-by', target: 'ADR025' },
      // A partial supersession is a relation, not a replacement.
      { kind: 'link', target: '0003-aws-networking-outline.md' },
      { kind: 'link', target: 'https://example.com/runbook' },
    ]);
  });

  it('resolves a reference to the imported file it names, and does not guess', () => {
    const sources = new Set(['forms/ADR025-remove-papertrail.md', 'forms/ADR025-use-aasm.md', 'forms/ADR045-remove-forms-api.md', 'fac/0016-file-uploads.md', 'fac/0014-compliance.md', 'top.md']);
    expect(resolveRecordRef('fac/0014-compliance.md', './0016-file-uploads.md', sources)).toBe('fac/0016-file-uploads.md');
    expect(resolveRecordRef('fac/0014-compliance.md', '0016-file-uploads.md#decision', sources)).toBe('fac/0016-file-uploads.md');
    expect(resolveRecordRef('fac/0014-compliance.md', '../top.md', sources)).toBe('top.md');
    expect(resolveRecordRef('fac/0014-compliance.md', '../../outside.md', sources)).toBeUndefined();
    // A URL by its file name in the record's own folder; a stale name in a URL is not guessed from its number.
    expect(resolveRecordRef('fac/0014-compliance.md', 'https://github.com/o/r/blob/main/docs/0016-file-uploads.md', sources)).toBe('fac/0016-file-uploads.md');
    expect(resolveRecordRef('fac/0014-compliance.md', 'https://github.com/o/r/blob/main/docs/0016-compliance-documentation.md', sources)).toBeUndefined();
    // A record renamed since the link was written, by its number; two records numbered alike: no guess.
    expect(resolveRecordRef('forms/ADR004-x.md', 'ADR045-use-forms-api.md', sources)).toBe('forms/ADR045-remove-forms-api.md');
    expect(resolveRecordRef('forms/ADR013-x.md', 'ADR025', sources)).toBeUndefined();
    expect(resolveRecordRef('forms/ADR013-x.md', 'ADR045', sources)).toBe('forms/ADR045-remove-forms-api.md');
    expect(resolveRecordRef('forms/ADR013-x.md', 'DR045', sources)).toBeUndefined();
  });

  it('writes a relation on the newer record only, once, and never a cycle', () => {
    const fresh = [
      { id: 'dec-a', source: '0001-a.md', refs: recordRefs('Superseded by [2](0002-b.md)') },
      { id: 'dec-b', source: '0002-b.md', refs: recordRefs('Supersedes [1](0001-a.md)\n\nBuilt on [1](0001-a.md) and [old](0000-old.md).') },
      // A chain: c supersedes b, which superseded a.
      { id: 'dec-c', source: '0003-c.md', refs: recordRefs('Supersedes [2](0002-b.md)') },
      { id: 'dec-d', source: '0004-d.md', refs: recordRefs('Superseded by [0](0000-old.md)\n\nSupersedes [3](0003-c.md)') },
    ];
    const earlier = [{ id: 'dec-old', source: '0000-old.md', supersedes: [] }];
    const rel = relateRecords(fresh, earlier);
    expect(rel.get('dec-a')).toEqual({ supersedes: [], links: [] });
    expect(rel.get('dec-b')).toEqual({ supersedes: ['dec-a'], links: ['dec-old'] });
    expect(rel.get('dec-c')).toEqual({ supersedes: ['dec-b'], links: [] });
    // "Superseded by" a record imported before: that record's file is not rewritten, so the relation is left out.
    expect(rel.get('dec-d')).toEqual({ supersedes: ['dec-c'], links: [] });
    const cycle = relateRecords(
      [
        { id: 'dec-x', source: '1-x.md', refs: recordRefs('Supersedes [y](2-y.md)') },
        { id: 'dec-y', source: '2-y.md', refs: recordRefs('Supersedes [x](1-x.md)') },
      ],
      [],
    );
    expect(cycle.get('dec-x')).toEqual({ supersedes: ['dec-y'], links: [] });
    expect(cycle.get('dec-y')).toEqual({ supersedes: [], links: [] });
  });
});

describe('references between decision records: the forms records are written in', () => {
  it('supersedes only the records a statement names first, and reads emphasis, headings, tables, the next line', () => {
    expect(recordRefs('Supersedes [ADR 2](0002-b.md) and [ADR 3](0003-c.md); see [ADR 1](0001-a.md) for the context.')).toEqual([
      { kind: 'supersedes', target: '0002-b.md' },
      { kind: 'supersedes', target: '0003-c.md' },
      { kind: 'link', target: '0001-a.md' },
    ]);
    expect(recordRefs('**Superseded** by [5](0005-e.md), which builds on [7](0007-g.md)')).toEqual([
      { kind: 'superseded-by', target: '0005-e.md' },
      { kind: 'link', target: '0007-g.md' },
    ]);
    expect(recordRefs('## Superseded by [5](0005-e.md)')).toEqual([{ kind: 'superseded-by', target: '0005-e.md' }]);
    expect(recordRefs('1. Superseded by [5](0005-e.md)')).toEqual([{ kind: 'superseded-by', target: '0005-e.md' }]);
    expect(recordRefs('| Status | Superseded by [5](0005-e.md) |\n|---|---|')).toEqual([{ kind: 'superseded-by', target: '0005-e.md' }]);
    expect(recordRefs('Superseded by\n\n[028. React Context API](028-react-context-api.md)')).toEqual([{ kind: 'superseded-by', target: '028-react-context-api.md' }]);
    expect(recordRefs('Use `[x](0009-x.md)` to link; see [y](<0002 use mysql.md>) and [z](..\\0005-z.md)')).toEqual([
      { kind: 'link', target: '0002 use mysql.md' },
      { kind: 'link', target: '../0005-z.md' },
    ]);
  });

  it('finds a renamed record by its number only when much of its name is the same, and "ADR-12" in a folder of 0012-x.md', () => {
    const sources = new Set(['g/007-css-in-js.md', 'g/multiple-sites.md', 'x/0012-use-sqs.md']);
    expect(resolveRecordRef('g/multiple-sites.md', '007-multiple-sites-revisited.md', sources)).toBeUndefined();
    expect(resolveRecordRef('x/0001-a.md', 'ADR-12', sources)).toBe('x/0012-use-sqs.md');
    expect(resolveRecordRef('x/0001-a.md', 'ADR-12-use-amazon-sqs.md', sources)).toBe('x/0012-use-sqs.md');
  });

  it('gives a record imported today the relation an earlier record now states, and caps what one record lists', () => {
    const rel = relateRecords(
      [{ id: 'dec-new', source: '0002-new.md', refs: [] }],
      [{ id: 'dec-old', source: '0001-old.md', supersedes: [], refs: recordRefs('- Status: superseded by [2](0002-new.md)') }],
    );
    expect(rel.get('dec-new')).toEqual({ supersedes: ['dec-old'], links: [] });
    const many = Array.from({ length: 5 }, (_, i) => ({ id: `dec-${i}`, source: `000${i}-r.md`, refs: [] }));
    const index = { id: 'dec-log', source: 'log.md', refs: many.map((r) => ({ kind: 'link' as const, target: r.source })) };
    expect(relateRecords([index, ...many], [], 3).get('dec-log')?.links).toEqual(['dec-0', 'dec-1', 'dec-2']);
  });
});

describe('parseDecisionRecord: a metadata table', () => {
  it('reads the date and status of a table near the top (as NATS writes them)', () => {
    const text = '# JetStream JSON API Design\n\n|Metadata|Value|\n|--------|-----|\n|Date    |2020-04-30|\n|Author  |@ripienaar|\n|Status  |Implemented|\n\n## Context\n\nSeveral APIs exist.\n';
    const record = parseDecisionRecord({}, text, 'adr-1.md');
    expect(record).toMatchObject({ title: 'JetStream JSON API Design', date: '2020-04-30', status: 'accepted', originalStatus: 'Implemented' });
    // A table further down, or one without those rows, is the record's content.
    expect(parseDecisionRecord({}, '# Pick a queue\n\n| Option | Cost |\n|---|---|\n| SQS | low |\n', 'x.md').date).toBeUndefined();
    // A table's header row is no metadata, and an adr-tools Status section comes first.
    const adr = parseDecisionRecord({}, '# 5. Map errors\n\nDate: 2019-03-02\n\n## Status\n\nSuperseded by [7. Retry](0007-retry.md)\n\n## Context\n\n| Status | Meaning |\n|---|---|\n| 502 | down |\n', '0005-x.md');
    expect(adr).toMatchObject({ status: 'superseded', format: 'adr-tools' });
    expect(parseDecisionRecord({}, '# Codes\n\n| Status | Meaning |\n|---|---|\n| 502 | down |\n', 'c.md').originalStatus).toBeUndefined();
  });
});
