import { describe, expect, it } from 'vitest';
import { type BriefingInput, type BriefingItem, composeBriefing } from '../src/core/briefing.js';
import { seeded } from './helpers/seeded.js';
import { estimateTokens } from '../src/core/tokens.js';

// The budget is a promise to the agent whose context it fills: whatever the
// store holds, the briefing never exceeds it, the newest handoff is named and
// the newest open follow-up is listed.


const WORDS = 'cache index query deploy cluster token budget handoff branch merge commit schema migration database queue worker retry timeout config'.split(' ');

function sentence(r: () => number, words: number): string {
  return Array.from({ length: words }, () => WORDS[Math.floor(r() * WORDS.length)]).join(' ');
}

function input(seed: number, budget: number): BriefingInput {
  const r = seeded(seed);
  const n = (max: number) => Math.floor(r() * max);
  const item = (prefix: string, i: number): BriefingItem => ({
    id: `${prefix}-${String(i).padStart(8, '0')}`,
    title: sentence(r, 3 + n(20)),
    created: `2026-11-${String(1 + n(28)).padStart(2, '0')}T10:00:00Z`,
    status: r() < 0.8 ? 'active' : 'superseded',
    snippet: r() < 0.7 ? sentence(r, 5 + n(40)) : '',
    files: [`src/${sentence(r, 1)}/${n(1000)}.ts`],
    ...(r() < 0.3 ? { why: 'touches src/db.ts' } : {}),
  });
  const followups = Array.from({ length: n(120) }, (_, i) => ({ id: `fup-${String(i).padStart(8, '0')}`, title: sentence(r, 2 + n(30)), created: `2026-10-${String(1 + n(28)).padStart(2, '0')}T10:00:00Z` }));
  const gotchas = Array.from({ length: n(30) }, (_, i) => item('gtc', i));
  const decisions = Array.from({ length: n(30) }, (_, i) => item('dec', i));
  return {
    repo: r() < 0.2 ? `a-very-long-repository-name-${sentence(r, 6).replace(/ /g, '-')}` : 'shop',
    branch: r() < 0.2 ? `feature/${sentence(r, 10).replace(/ /g, '-')}` : 'main',
    head: '0123456789abcdef0123',
    headSubject: sentence(r, 5 + n(30)),
    uncommitted: n(40),
    handoff:
      r() < 0.9
        ? {
            id: 'hnd-00000001',
            title: sentence(r, 8),
            created: '2026-12-01T10:00:00Z',
            author: 'Ada Lovelace',
            agent: 'claude-code',
            commit: 'fedcba9876543210',
            branch: 'main',
            summary: sentence(r, 5 + n(300)),
            next: Array.from({ length: n(25) }, () => sentence(r, 4 + n(60))),
            gotchas: Array.from({ length: n(8) }, () => sentence(r, 4 + n(40))),
            decisions: Array.from({ length: n(8) }, () => sentence(r, 4 + n(40))),
            ...(r() < 0.2 ? { notesFrom: { id: 'hnd-00000000', created: '2026-11-30T10:00:00Z' } } : {}),
          }
        : undefined,
    since: r() < 0.8 ? { count: n(200), log: Array.from({ length: 8 }, (_, i) => ({ sha: `abcdef${i}`, subject: sentence(r, 4 + n(12)) })), files: Array.from({ length: n(60) }, (_, i) => `src/f${i}.ts`) } : undefined,
    followups,
    gotchas,
    decisions,
    context: [],
    totalEntries: 1 + followups.length + gotchas.length + decisions.length,
    totals: { gotchas: gotchas.length + n(500), decisions: decisions.length + n(500), context: n(50) },
    budget,
    age: () => '3d',
    surface: r() < 0.5 ? 'cli' : 'mcp',
  };
}

describe('briefing budget', () => {
  it('never exceeds the budget, and keeps the newest handoff and follow-up', () => {
    let cases = 0;
    for (let seed = 1; seed <= 150; seed++) {
      for (const budget of [200, 230, 300, 450, 800, 1200, 2000, 4000]) {
        const b = input(seed, budget);
        const out = composeBriefing(b);
        cases++;
        expect(out.tokens, `seed ${seed} budget ${budget}`).toBeLessThanOrEqual(budget);
        // Never an empty briefing: where we are is always said.
        expect(out.markdown.startsWith('# Session briefing:'), `seed ${seed} budget ${budget}`).toBe(true);
        const newest = b.followups.at(-1);
        if (budget >= 300 && newest) expect(out.markdown, `seed ${seed} budget ${budget}`).toContain(newest.id);
        if (budget >= 300 && b.handoff) expect(out.markdown).toContain(b.handoff.id);
        // What is left out is counted, never silently dropped.
        const shown = b.followups.filter((f) => out.markdown.includes(f.id)).length;
        expect(shown + out.omitted.followups, `seed ${seed} budget ${budget}`).toBe(b.followups.length);
      }
    }
    expect(cases).toBe(1200);
  });

  it('lists every open follow-up title at the default budget when they fit; many take at most their share, and the handoff reminder stays', () => {
    const b = input(7, 2000);
    b.followups = b.followups.slice(0, 40);
    const out = composeBriefing(b);
    for (const f of b.followups) expect(out.markdown).toContain(f.id);
    expect(out.omitted.followups).toBe(0);

    for (const budget of [600, 1000, 2000]) {
      const many = input(7, budget);
      many.followups = Array.from({ length: 120 }, (_, i) => ({ id: `fup-${String(i).padStart(8, '0')}`, title: `Open thread number ${i} about the billing ledger and its nightly export`, created: '2026-11-01T10:00:00Z' }));
      const tight = composeBriefing(many);
      const section = tight.markdown.slice(tight.markdown.indexOf('## Open follow-ups'), tight.markdown.indexOf('\n## ', tight.markdown.indexOf('## Open follow-ups') + 3));
      expect(estimateTokens(section)).toBeLessThanOrEqual(budget * 0.6);
      expect(tight.omitted.followups).toBeGreaterThan(0);
      expect(tight.markdown).toContain('Before you stop: origin handoff');
    }
  });

  it('drops items shown only for being recent before items anchored to the files being changed, whatever their kind', () => {
    const b = input(5, 900);
    const mk = (prefix: string, i: number, why?: string): BriefingItem => ({ id: `${prefix}-${String(i).padStart(8, '0')}`, title: `A ${prefix} title number ${i} about the ledger`, created: '2026-11-20T10:00:00Z', status: 'active', snippet: 'A sentence or two of what it says, for the reader.', files: [], ...(why ? { why } : {}) });
    b.followups = [];
    b.gotchas = Array.from({ length: 12 }, (_, i) => mk('gtc', i));
    b.decisions = Array.from({ length: 12 }, (_, i) => mk('dec', i, 'touches src/db/a.ts'));
    b.context = [];
    b.totals = { gotchas: 12, decisions: 12, context: 0 };
    const out = composeBriefing(b);
    const shown = (prefix: string) => (out.markdown.match(new RegExp(`^- ${prefix}-`, 'gm')) ?? []).length;
    expect(shown('dec')).toBeGreaterThan(shown('gtc'));
    expect(out.tokens).toBeLessThanOrEqual(900);
  });

  it('gives the follow-ups the room the rest leaves: with nothing else to show, they take more than their 60% share', () => {
    const b = input(9, 2000);
    const { handoff: _h, since: _s, ...rest } = b;
    const bare: BriefingInput = { ...rest, gotchas: [], decisions: [], context: [], totals: { gotchas: 0, decisions: 0, context: 0 } };
    bare.followups = Array.from({ length: 54 }, (_, i) => ({ id: `fup-${String(i).padStart(8, '0')}`, title: `Open thread number ${i} about the billing ledger export`, created: '2026-11-01T10:00:00Z' }));
    const out = composeBriefing(bare);
    const section = out.markdown.slice(out.markdown.indexOf('## Open follow-ups'));
    expect(estimateTokens(section)).toBeGreaterThan(2000 * 0.6);
    expect(out.omitted.followups).toBeLessThan(5);
    expect(out.tokens).toBeLessThanOrEqual(2000);
  });

  it('keeps a malformed-file warning within a tiny budget, in the empty store too; a focus weighs its matches as reasons', () => {
    const problems = [{ path: '.origin/decisions/dec-aaaaaaaa-a-rather-long-file-name-from-a-conflicted-merge.md', reason: 'not valid YAML: a merge conflict marker (<<<<<<<) at line 4, column 1 of the front matter' }];
    const empty = composeBriefing({ ...input(3, 200), totalEntries: 0, followups: [], gotchas: [], decisions: [], context: [], problems });
    expect(empty.tokens).toBeLessThanOrEqual(200);
    expect(empty.markdown).toContain('1 malformed entry file left out');
    expect(empty.markdown).toContain('No entry could be read');
    const full = input(3, 220);
    const out = composeBriefing({ ...full, problems, followups: full.followups.slice(0, 3) });
    expect(out.tokens).toBeLessThanOrEqual(220);
    expect(out.markdown).toContain('1 malformed entry file left out');

    const focus = input(5, 1200);
    const mk = (prefix: string, i: number, why?: string): BriefingItem => ({ id: `${prefix}-${String(i).padStart(8, '0')}`, title: `A ${prefix} title number ${i} about the ledger`, created: '2026-11-20T10:00:00Z', status: 'active', snippet: 'What it says.', files: [], ...(why ? { why } : {}) });
    const focused = composeBriefing({ ...focus, query: 'ledger', followups: [], gotchas: Array.from({ length: 8 }, (_, i) => mk('gtc', i)), decisions: Array.from({ length: 8 }, (_, i) => mk('dec', i, 'touches src/db/a.ts')), context: [], totals: { gotchas: 8, decisions: 8, context: 0 } });
    const [gtc, dec] = [/^- gtc-/gm, /^- dec-/gm].map((re) => (focused.markdown.match(re) ?? []).length) as [number, number];
    expect(gtc + dec).toBeGreaterThan(0);
    expect(Math.abs(gtc - dec)).toBeLessThanOrEqual(1);
  });

  it('points at the whole handoff when its next steps cannot all be shown', () => {
    const b = input(11, 250);
    const { notesFrom: _notes, ...own } = b.handoff ?? input(12, 250).handoff!;
    b.handoff = { ...own, next: Array.from({ length: 12 }, (_, i) => `step ${i} ${'migrate the schema carefully '.repeat(4)}`) };
    const out = composeBriefing(b);
    expect(out.tokens).toBeLessThanOrEqual(250);
    const more = /\+(\d+) more next steps: (origin show|the `get` tool \(id) hnd-00000001/.exec(out.markdown);
    expect(more).not.toBeNull();
    const shownSteps = (out.markdown.match(/^- step \d+/gm) ?? []).length;
    expect(shownSteps + Number(more?.[1])).toBe(12);
  });

  it('shows a short next step rather than a longer line pointing at it, however tight the budget', () => {
    for (const budget of [200, 250, 300]) {
      const b = input(11, budget);
      b.handoff = { ...(b.handoff ?? input(12, budget).handoff!), summary: 'The reasoning, at length. '.repeat(80), next: ['keep going'] };
      const out = composeBriefing(b);
      expect(out.tokens).toBeLessThanOrEqual(budget);
      expect(out.markdown).toContain('- keep going');
      expect(out.markdown).not.toContain('more next steps');
    }
  });
});
