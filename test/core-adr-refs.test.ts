import { describe, expect, it } from 'vitest';
import { recordRefs, relateRecords, resolveRecordRef } from '../src/core/adr-refs.js';

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
