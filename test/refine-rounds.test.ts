import { describe, expect, it } from 'vitest';
import { refineEntries } from '../src/refine/refine.js';
import { templatedStore } from './helpers/templated-store.js';

// A low-diversity store, like one whose entries follow a template: bodies
// drawn from a few hundred sentences of one pattern, titles of one shape,
// the same topics recurring with different technologies. Merged entries
// grow and look like more entries; refine must still converge, so that a
// second run finds nothing to do.

describe('refine rounds', () => {
  it('converges on a templated store: a second refine of its result finds nothing', () => {
    const store = templatedStore(400);
    const first = refineEntries(store);
    const second = refineEntries(first.entries);
    expect(second.merges).toEqual([]);
    expect(second.removed).toEqual([]);
    expect(second.rewritten).toEqual([]);
    // Nothing is lost on the way: every sentence of every entry is still somewhere.
    const after = first.entries.map((e) => e.body).join('\n');
    for (const e of store) for (const sentence of e.body.split(/(?<=\.) /)) expect(after).toContain(sentence);
  });

  it('never merges "Use X for a topic" with "Use Y for the same topic"', () => {
    const store = templatedStore(400);
    const { merges } = refineEntries(store);
    for (const m of merges) {
      for (const from of m.from) {
        if (m.into.type !== 'decision') continue;
        const tool = (title: string) => /^Use (\w+) for (\w+)$/.exec(title)?.slice(1, 3).join(' ');
        const [a, b] = [tool(m.into.title), tool(from.title)];
        if (a && b && a.split(' ')[1] === b.split(' ')[1]) expect(a).toBe(b);
      }
    }
  });
});
