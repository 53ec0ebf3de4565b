import { describe, expect, it } from 'vitest';
// The same synthetic store the benchmark uses: ~1 KB bodies, a mix of types, anchors, handoffs on two branches.
import { buildStore } from '../scripts/synth-store.mjs';
import { makeRepo, originJson } from './helpers/repo.js';

interface Briefing {
  tokens: number;
  budget: number;
  handoff?: { id: string };
  followups: { id: string }[];
  omitted: { followups: number };
}

describe('origin start at 100k entries', () => {
  it('respects the budget with the newest handoff and every open follow-up title present', async () => {
    const repo = await makeRepo();
    const facts = (await buildStore(repo.dir, 100_000)) as { openFollowups: string[]; newestHandoff: { main: string } };
    const b = await originJson<Briefing>(['start', '--no-record'], { cwd: repo.dir });
    expect(b.budget).toBe(2000);
    expect(b.tokens).toBeLessThanOrEqual(2000);
    expect(b.handoff?.id).toBe(facts.newestHandoff.main);
    expect(b.omitted.followups).toBe(0);
    expect(b.followups.map((f) => f.id).sort()).toEqual([...facts.openFollowups].sort());
    // Under a budget too small for every title, the oldest are summarised, never the newest.
    const tight = await originJson<Briefing & { markdown: string }>(['start', '--no-record', '--budget', '600'], { cwd: repo.dir });
    expect(tight.tokens).toBeLessThanOrEqual(600);
    expect(tight.handoff?.id).toBe(facts.newestHandoff.main);
    const newest = facts.openFollowups.at(-1) as string;
    expect(tight.markdown).toContain(newest);
    if (tight.omitted.followups > 0) expect(tight.markdown).toMatch(/\+\d+ older open follow-ups/);
  }, 300_000);
});
