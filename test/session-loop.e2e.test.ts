import { describe, expect, it } from 'vitest';
import { type TestRepo, makeRepo, origin, originJson, originOk } from './helpers/repo.js';

/** The session loop end to end: start, work, capture, handoff, start again. */
interface Briefing {
  markdown: string;
  tokens: number;
  budget: number;
  branch: string;
  handoff?: { id: string; summary: string; next: string[]; fallbackFrom?: string };
  since?: { count: number; log: { sha: string; subject: string }[]; files: string[] };
  followups: { id: string; title: string }[];
  gotchas: { id: string; title: string; why?: string }[];
  decisions: { id: string; title: string }[];
  session?: string;
}

const HANDOFF_MD = `## Summary
Moved persistence to PostgreSQL; orders are transactional now.

## What changed
- orders and stock share one transaction

## Open threads / next steps
- Wire migrations into CI
- Backfill the audit table

## Gotchas
- The test database must be reset between suites
`;

/** A repository with `.origin/` set up and committed. */
async function repoWithMemory(): Promise<TestRepo> {
  const repo = await makeRepo();
  await originOk(['init'], { cwd: repo.dir });
  await repo.commitAll('set up origin');
  return repo;
}

/** A repository with memory set up and committed, and a session started (then one commit of work, with `work`). */
async function startedRepo(options: { work?: boolean } = {}): Promise<TestRepo> {
  const repo = await makeRepo();
  await originOk(['init'], { cwd: repo.dir });
  await repo.commitAll('init');
  await originOk(['start'], { cwd: repo.dir });
  if (options.work) {
    repo.write('a.txt', 'a\n');
    await repo.commitAll('work a');
  }
  return repo;
}

describe('origin start / handoff', () => {
  it('gives a short helpful briefing on an empty store, exit 0', async () => {
    const repo = await makeRepo();
    const r = await originOk(['start'], { cwd: repo.dir });
    expect(r.stdout).toContain('Memory is empty');
    expect(r.stdout).toContain('origin decision');
    const json = await originJson<Briefing>(['start'], { cwd: repo.dir });
    expect(json.tokens).toBeLessThan(400);
  });

  it('runs the full loop: start, commits, captures, handoff, then a new start shows it', async () => {
    const repo = await repoWithMemory();
    const first = await originJson<Briefing>(['start'], { cwd: repo.dir });
    expect(first.session).toMatch(/^\d{4}-\d{2}-\d{2}-[0-9a-z]{6}$/);

    repo.write('src/db.ts', 'export const db = "postgres";\n');
    await repo.commitAll('add the db module');
    const dec = (await originOk(['decision', 'Use PostgreSQL for persistence', 'Transactions across orders and stock.', '-a', 'src/db.ts'], { cwd: repo.dir })).stdout.trim();
    const gtc = (await originOk(['gotcha', 'Reset the test database between suites', '-a', 'src/db.ts'], { cwd: repo.dir })).stdout.trim();
    const fup = (await originOk(['followup', 'Add an index on orders.created_at'], { cwd: repo.dir })).stdout.trim();
    repo.write('src/orders.ts', 'export const orders = [];\n');
    await repo.commitAll('orders use the db');

    const handoff = await originJson<{ id: string; body: string; links: string[]; files: string[]; session: string }>(['handoff'], { cwd: repo.dir, input: HANDOFF_MD });
    expect(handoff.id).toMatch(/^hnd-/);
    expect(handoff.session).toBe(first.session);
    // The author's words, verbatim, in the standard sections.
    expect(handoff.body).toContain('## Summary\n\nMoved persistence to PostgreSQL; orders are transactional now.');
    expect(handoff.body).toContain('## Open threads / next steps\n\n- Wire migrations into CI\n- Backfill the audit table');
    // Git context gathered automatically since the session began.
    expect(handoff.body).toContain('add the db module');
    expect(handoff.body).toContain('orders use the db');
    expect(handoff.body).toMatch(/`src\/db\.ts` \(\+1 −0\)/);
    expect(handoff.links).toEqual(expect.arrayContaining([dec, gtc, fup]));
    expect(handoff.files).toEqual(expect.arrayContaining(['src/db.ts', 'src/orders.ts']));
    await repo.commitAll('handoff');

    repo.write('src/db.ts', 'export const db = "postgres://primary";\n');
    await repo.commitAll('point at the primary');
    const next = await originJson<Briefing>(['start'], { cwd: repo.dir });
    expect(next.handoff?.id).toBe(handoff.id);
    expect(next.handoff?.next).toEqual(['Wire migrations into CI', 'Backfill the audit table']);
    // The commit of the handoff alone (memory only) is not work done since it.
    expect(next.since?.count).toBe(1);
    expect(next.since?.log.map((c) => c.subject)).toEqual(['point at the primary']);
    expect(next.since?.files).toContain('src/db.ts');
    expect(next.followups.map((f) => f.id)).toEqual([fup]);
    expect(next.decisions.map((d) => d.id)).toContain(dec);
    expect(next.gotchas[0]?.id).toBe(gtc);
    expect(next.markdown).toContain('Moved persistence to PostgreSQL');
    expect(next.markdown).toContain('point at the primary');
    expect(next.markdown).toContain(fup);
  });

  it('goes on with the open session when start runs again, and starts a new one once a handoff closed it', async () => {
    const repo = await repoWithMemory();
    const first = await originJson<Briefing & { sessionResumed: boolean }>(['start'], { cwd: repo.dir });
    expect(first.sessionResumed).toBe(false);
    repo.write('a.txt', '1\n');
    await repo.commitAll('work part 1');
    // An agent re-reading its briefing mid-session.
    const again = await originJson<Briefing & { sessionResumed: boolean }>(['start'], { cwd: repo.dir });
    expect(again).toMatchObject({ session: first.session, sessionResumed: true });
    repo.write('a.txt', '2\n');
    await repo.commitAll('work part 2');
    const handoff = await originJson<{ title: string; body: string; session: string }>(['handoff', '--summary', 'Both parts done, e.g. the retry path. And more.'], { cwd: repo.dir });
    expect(handoff.title).toBe('Both parts done, e.g. the retry path');
    expect(handoff.session).toBe(first.session);
    expect(handoff.body).toContain('work part 1');
    expect(handoff.body).toContain('work part 2');
    await repo.commitAll('handoff');

    // No start since: the next handoff reports what followed the last one, not the closed session again.
    repo.write('a.txt', '3\n');
    await repo.commitAll('work part 3');
    const second = await originJson<{ body: string }>(['handoff', '--summary', 'Part 3.'], { cwd: repo.dir });
    expect(second.body).toContain('work part 3');
    expect(second.body).not.toContain('work part 1');
    await repo.commitAll('second handoff');
    const next = await originJson<Briefing & { sessionResumed: boolean }>(['start'], { cwd: repo.dir });
    expect(next.sessionResumed).toBe(false);
    expect(next.session).not.toBe(first.session);
  });

  it('begins the session where start ran, though the repository had no memory yet then', async () => {
    const repo = await makeRepo();
    await originOk(['start'], { cwd: repo.dir });
    expect((await repo.git.status()).isClean()).toBe(true);
    repo.write('c.txt', 'c\n');
    await repo.commitAll('add c');
    await originOk(['gotcha', 'Something to remember', 'x'], { cwd: repo.dir });
    const h = await originJson<{ body: string }>(['handoff', '--summary', 'Done.'], { cwd: repo.dir });
    expect(h.body).toContain('Since the session start');
    expect(h.body).toContain('add c');
  });

  it("keeps the session across a branch switch, and a teammate's handoff does not close it", async () => {
    const repo = await repoWithMemory();
    const first = await originJson<Briefing>(['start'], { cwd: repo.dir });
    const gotcha = (await originOk(['gotcha', 'Retry loop hides the timeout', 'x'], { cwd: repo.dir })).stdout.trim();
    await repo.git.checkout(['-q', '-b', 'feature']);
    repo.write('b.txt', 'b\n');
    await repo.commitAll('feat b');
    // Another agent (its own session) hands off meanwhile.
    await originOk(['handoff', '--summary', 'Theirs.'], { cwd: repo.dir, env: { ORIGIN_SESSION: 'teammate' } });
    await repo.commitAll('their handoff');
    const dec = (await originOk(['decision', 'Use b files', 'y'], { cwd: repo.dir })).stdout.trim();
    expect((await originJson<Briefing & { sessionResumed: boolean }>(['start'], { cwd: repo.dir })).session).toBe(first.session);
    const mine = await originJson<{ body: string; links: string[]; session: string }>(['handoff', '--summary', 'Did b.'], { cwd: repo.dir });
    expect(mine.session).toBe(first.session);
    expect(mine.links).toEqual(expect.arrayContaining([gotcha, dec]));
    expect(mine.body).toContain('feat b');
    expect(mine.body).toContain('Since the session start');
  });

  it('is closed by its handoff whatever branch comes next, and a later handoff does not list what the first one did', async () => {
    const repo = await repoWithMemory();
    await repo.git.checkout(['-q', '-b', 'feat-a']);
    const first = await originJson<Briefing>(['start'], { cwd: repo.dir });
    const gotcha = (await originOk(['gotcha', 'Retry loop hides the timeout', 'x'], { cwd: repo.dir })).stdout.trim();
    const h1 = await originJson<{ links: string[] }>(['handoff', '--summary', 'A done.'], { cwd: repo.dir });
    expect(h1.links).toContain(gotcha);
    // Straight away (the same second as the gotcha, as an agent over MCP would): nothing is listed twice.
    const h2 = await originJson<{ links: string[]; body: string }>(['handoff', '--summary', 'A, more.', '--allow-empty'], { cwd: repo.dir });
    expect(h2.links).not.toContain(gotcha);
    expect(h2.body).not.toContain('Retry loop hides the timeout');
    await repo.commitAll('handoffs of A');

    // The handoffs stay on feat-a; a session begun on another branch is a new one, from its own start.
    await repo.git.checkout(['-q', 'main']);
    repo.write('m.txt', 'm\n');
    await repo.commitAll('main work');
    await repo.git.checkout(['-q', '-b', 'feat-b']);
    const second = await originJson<Briefing & { sessionResumed: boolean }>(['start'], { cwd: repo.dir });
    expect(second.sessionResumed).toBe(false);
    expect(second.session).not.toBe(first.session);
    repo.write('b.txt', 'b\n');
    await repo.commitAll('B work');
    const hb = await originJson<{ body: string; session: string }>(['handoff', '--summary', 'B done.'], { cwd: repo.dir });
    expect(hb.session).toBe(second.session);
    expect(hb.body).toContain('B work');
    expect(hb.body).not.toContain('main work');
  });

  it('after a handoff, work without a start is reported from that handoff on, commits before the next capture included', async () => {
    const repo = await repoWithMemory();
    await originOk(['start'], { cwd: repo.dir });
    repo.write('a.txt', 'a\n');
    await repo.commitAll('commit A');
    await originOk(['handoff', '--summary', 'First part.'], { cwd: repo.dir });
    await repo.commitAll('first handoff');
    repo.write('x.txt', 'x\n');
    await repo.commitAll('commit X');
    const g = (await originOk(['gotcha', 'Found after the handoff', 'x'], { cwd: repo.dir })).stdout.trim();
    repo.write('y.txt', 'y\n');
    await repo.commitAll('commit Y');
    const h2 = await originJson<{ body: string; links: string[] }>(['handoff', '--summary', 'Second part.'], { cwd: repo.dir });
    expect(h2.body).toContain('commit X');
    expect(h2.body).toContain('commit Y');
    expect(h2.body).not.toContain('commit A');
    expect(h2.links).toContain(g);
  });

  it('reports each later handoff from the one before it, and never from another branch', async () => {
    const repo = await repoWithMemory();
    await originOk(['start'], { cwd: repo.dir });
    repo.write('a.txt', 'a\n');
    await repo.commitAll('commit A');
    const h1 = await originJson<{ links: string[] }>(['handoff', '--summary', 'One.', '--next', 'Rerun the bench', '--followups'], { cwd: repo.dir });
    repo.write('b.txt', 'b\n');
    await repo.commitAll('commit B');
    await originOk(['handoff', '--summary', 'Two.'], { cwd: repo.dir });
    await repo.commitAll('handoffs');
    await originOk(['gotcha', 'After the second handoff', 'x'], { cwd: repo.dir });
    repo.write('c.txt', 'c\n');
    await repo.commitAll('commit C');
    const h3 = await originJson<{ body: string; links: string[] }>(['handoff', '--summary', 'Three.'], { cwd: repo.dir });
    expect(h3.body).toContain('commit C');
    expect(h3.body).not.toContain('commit B');
    expect(h3.links.filter((l) => h1.links.includes(l))).toEqual([]);
    await repo.commitAll('third handoff');

    // A handoff on a feature branch, then work on main: main's session does not report from the feature's head.
    await repo.git.checkout(['-q', '-b', 'feat']);
    repo.write('f.txt', 'f\n');
    await repo.commitAll('feature work');
    await originOk(['handoff', '--summary', 'Feature.'], { cwd: repo.dir });
    await repo.commitAll('feature handoff');
    await repo.git.checkout(['-q', 'main']);
    await originOk(['gotcha', 'Back on main', 'x'], { cwd: repo.dir });
    repo.write('m.txt', 'm\n');
    await repo.commitAll('main work');
    const hm = await originJson<{ body: string; files: string[] }>(['handoff', '--summary', 'Main.'], { cwd: repo.dir });
    expect(hm.body).toContain('main work');
    expect(hm.body).not.toContain('f.txt');
    expect(hm.files).not.toContain('f.txt');
  });

  it('does not report again the commit that carried the previous handoff and its work (handoff first, then commit)', async () => {
    const repo = await repoWithMemory();
    await originOk(['start'], { cwd: repo.dir });
    repo.write('a.txt', 'a\n');
    const h1 = await originJson<{ body: string }>(['handoff', '--summary', 'Feature X, uncommitted.'], { cwd: repo.dir });
    expect(h1.body).toContain('a.txt');
    await repo.commitAll('feature X');
    await originOk(['start'], { cwd: repo.dir });
    repo.write('b.txt', 'b\n');
    await repo.commitAll('commit B');
    const h2 = await originJson<{ body: string }>(['handoff', '--summary', 'B.'], { cwd: repo.dir });
    expect(h2.body).toContain('commit B');
    expect(h2.body).not.toContain('feature X');
    // The briefing counts work, not the commit of memory alone.
    await repo.commitAll('Origin: handoff B');
    const brief = await originJson<Briefing>(['start', '--no-record'], { cwd: repo.dir });
    expect(brief.since?.count ?? 0).toBe(0);
  });

  it('still reports work committed after the handoff but before a capture opened the next session', async () => {
    const repo = await repoWithMemory();
    await originOk(['start'], { cwd: repo.dir });
    await originOk(['handoff', '--summary', 'Done for now.'], { cwd: repo.dir });
    await repo.commitAll('handoff alone');
    repo.write('c.txt', 'c\n');
    await repo.commitAll('commit C before any capture');
    await originOk(['gotcha', 'C needs a flag', 'x'], { cwd: repo.dir });
    const h2 = await originJson<{ body: string }>(['handoff', '--summary', 'C.'], { cwd: repo.dir });
    expect(h2.body).toContain('commit C before any capture');
  });

  it('reports work of the next session that carried the staged handoff into its commit', async () => {
    // A handoff is staged by default, so the next commit carries it, whatever work it holds.
    const repo = await repoWithMemory();
    await originOk(['start'], { cwd: repo.dir });
    repo.write('a.txt', 'a\n');
    await repo.git.add('a.txt');
    await repo.git.raw(['commit', '-q', '-m', 'feature A']);
    await originOk(['handoff', '--summary', 'A, committed.'], { cwd: repo.dir });
    await originOk(['gotcha', 'B gotcha', 'x'], { cwd: repo.dir });
    repo.write('b.txt', 'b\n');
    await repo.git.add('b.txt');
    await repo.git.raw(['commit', '-q', '-m', 'feature B']);
    const h2 = await originJson<{ body: string; files: string[] }>(['handoff', '--summary', 'B.'], { cwd: repo.dir });
    expect(h2.body).toContain('feature B');
    expect(h2.body).toContain('b.txt');
  });

  it('shows the later of two handoffs written in one second without a session', async () => {
    const repo = await repoWithMemory();
    const same = { cwd: repo.dir, env: { ORIGIN_NOW: '2030-01-01T10:00:00Z' } };
    await originOk(['handoff', '--summary', 'The first handoff of the second.'], same);
    const second = (await originOk(['handoff', '--summary', 'The corrected handoff, same second.'], same)).stdout.trim();
    const brief = await originJson<Briefing>(['start', '--no-record'], same);
    expect(brief.handoff?.id).toBe(second);
  });

  it('opens follow-ups in the session of the handoff that lists them, and lists them once', async () => {
    const repo = await repoWithMemory();
    // No start: the handoff and its follow-ups still share one session, and no session is left open behind them.
    const h1 = await originJson<{ session: string; links: string[] }>(['handoff', '--summary', 'Planned the work.', '--next', 'Wire migrations into CI', '--followups'], { cwd: repo.dir });
    const fup = h1.links.find((l) => l.startsWith('fup-')) as string;
    const shown = await originJson<{ session: string }>(['show', fup], { cwd: repo.dir });
    expect(shown.session).toBe(h1.session);
    await repo.commitAll('handoff with follow-ups');
    const h2 = await originJson<{ links: string[]; body: string }>(['handoff', '--summary', 'Nothing else.', '--allow-empty'], { cwd: repo.dir });
    expect(h2.links).not.toContain(fup);
    expect(h2.body).not.toContain('Wire migrations into CI');
  });

  it('keeps handoffs per branch, falling back to the default branch', async () => {
    const repo = await makeRepo();
    const main = (await originOk(['handoff', '--summary', 'Main work is stable.'], { cwd: repo.dir })).stdout.trim();
    await repo.commitAll('main handoff');
    await repo.git.checkoutLocalBranch('feature/search');
    const feature = (await originOk(['handoff', '--summary', 'Search half done.', '--next', 'finish ranking'], { cwd: repo.dir })).stdout.trim();
    await repo.commitAll('feature handoff');
    const onFeature = await originJson<Briefing>(['start'], { cwd: repo.dir });
    expect(onFeature.handoff?.id).toBe(feature);
    expect(onFeature.handoff?.fallbackFrom).toBeUndefined();
    await repo.git.checkout('main');
    expect((await originJson<Briefing>(['start'], { cwd: repo.dir })).handoff?.id).toBe(main);
    await repo.git.checkoutLocalBranch('fix/typo');
    const fresh = await originJson<Briefing>(['start'], { cwd: repo.dir });
    expect(fresh.handoff?.id).toBe(main);
    expect(fresh.handoff?.fallbackFrom).toBe('main');
    expect(fresh.markdown).toContain('from `main`');
  });

  it('renders the briefing as memory stood at a commit with --at', async () => {
    const repo = await makeRepo();
    const old = (await originOk(['decision', 'Use REST for the public API'], { cwd: repo.dir })).stdout.trim();
    const first = await repo.commitAll('first decision');
    const newer = (await originOk(['decision', 'Use gRPC between services'], { cwd: repo.dir })).stdout.trim();
    await originOk(['handoff', '--summary', 'Chose gRPC inside.'], { cwd: repo.dir });
    await repo.commitAll('second decision');
    // A commit is on no branch: its latest handoff is not "from main; none on this branch yet".
    const atHead = await originJson<Briefing>(['start', '--at', 'HEAD'], { cwd: repo.dir });
    expect(atHead.markdown).toContain('## Latest handoff\n');
    expect((await originJson<Briefing>(['start', '--at', 'main'], { cwd: repo.dir })).markdown).toContain('## Latest handoff\n');
    // An uncommitted working-tree entry must not appear either.
    await originOk(['gotcha', 'Not yet committed'], { cwd: repo.dir });
    const then = await originJson<Briefing>(['start', '--at', first], { cwd: repo.dir });
    const ids = then.decisions.map((d) => d.id);
    expect(ids).toContain(old);
    expect(ids).not.toContain(newer);
    expect(then.gotchas).toEqual([]);
    expect(then.markdown).toContain(`at \`${first}\``);
    const bad = await origin(['start', '--at', 'no-such-ref'], { cwd: repo.dir });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('not a commit');
  });

  it('refuses an empty handoff unless --allow-empty', async () => {
    const repo = await startedRepo();
    const r = await origin(['handoff'], { cwd: repo.dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('nothing to hand off');
    expect(r.stdout).toBe('');
    const ok = await originOk(['handoff', '--allow-empty'], { cwd: repo.dir });
    expect(ok.stdout.trim()).toMatch(/^hnd-/);
    const empty = await originJson<{ body: string }>(['show', ok.stdout.trim()], { cwd: repo.dir });
    expect(empty.body).toMatch(/Since the session start \([^)]*\) \(`[0-9a-f]{10}`\):\n\nNo commits\.\n$/);
    // Committing that handoff is no work to report: the next handoff with nothing to say is still refused.
    await repo.commitAll('Origin: the handoff');
    expect((await origin(['handoff'], { cwd: repo.dir })).code).toBe(1);
    repo.write('code.ts', 'x\n');
    await repo.commitAll('real work');
    const next = await originJson<{ body: string }>(['handoff'], { cwd: repo.dir });
    expect(next.body).toContain('real work');
    expect(next.body).not.toContain('Origin: the handoff');
  });

  it('briefs a handoff written from the git context alone by its title, not by that context squashed into a line', async () => {
    const repo = await startedRepo({ work: true });
    await originOk(['handoff'], { cwd: repo.dir, input: '' });
    const b = await originJson<Briefing & { handoff: { summary: string } }>(['start', '--no-record'], { cwd: repo.dir });
    expect(b.handoff.summary).toBe('');
    expect(b.markdown).not.toContain('Commits (1)');
    expect(b.markdown).toContain('Handoff on main');
  });

  it('keeps the last notes in the briefing when the latest handoff holds only the git context; shows its gotchas and decisions', async () => {
    const repo = await startedRepo({ work: true });
    const md = '## Summary\nMoved sessions to Redis.\n\n## Next steps\n- [ ] write the runbook\n- [x] fix the flaky test\n\n## Gotchas\n- Cloudflare strips X-Forwarded-For\n\n## Decisions\n- Token bucket for rate limits\n';
    const written = (await originOk(['handoff', '--followups'], { cwd: repo.dir, input: md })).stdout.trim();
    // A ticked task is done: neither a next step nor a follow-up.
    const open = await originJson<{ title: string }[]>(['list', '--type', 'followup', '--status', 'open'], { cwd: repo.dir });
    expect(open.map((f) => f.title)).toEqual(['write the runbook']);
    type HandoffBriefing = Briefing & { handoff: { id: string; summary: string; next: string[]; gotchas: string[]; decisions: string[]; notesFrom?: { id: string } } };
    let b = await originJson<HandoffBriefing>(['start', '--no-record'], { cwd: repo.dir });
    expect(b.handoff).toMatchObject({ next: ['write the runbook'], gotchas: ['Cloudflare strips X-Forwarded-For'], decisions: ['Token bucket for rate limits'] });
    expect(b.markdown).toContain('**Gotchas:**\n- Cloudflare strips X-Forwarded-For');
    expect(b.markdown).toContain('**Decisions:**\n- Token bucket for rate limits');

    // Later, a handoff nobody wrote in (the git context alone): the notes above stay in view, said to be older.
    await originOk(['start'], { cwd: repo.dir });
    repo.write('b.txt', 'b\n');
    await repo.commitAll('work b');
    const bare = (await originOk(['handoff'], { cwd: repo.dir, input: '' })).stdout.trim();
    b = await originJson<HandoffBriefing>(['start', '--no-record'], { cwd: repo.dir });
    expect(b.handoff).toMatchObject({ id: bare, summary: 'Moved sessions to Redis.', notesFrom: { id: written } });
    expect(b.markdown).toContain(`It holds only the git context; the notes below are from ${written}`);
    expect(b.markdown).toContain('- write the runbook');
  });

  it('does not make a summary of ticked steps', async () => {
    const repo = await startedRepo();
    await originOk(['handoff', '--title', 'Cleanup done'], { cwd: repo.dir, input: '## Next steps\n- [x] fix tests\n- [X] ship it\n' });
    const b = await originJson<Briefing & { handoff: { summary: string; next: string[] } }>(['start', '--no-record'], { cwd: repo.dir });
    expect(b.handoff).toMatchObject({ summary: '', next: [] });
    expect(b.markdown).toContain('Cleanup done');
    expect(b.markdown).not.toContain('[x]');
  });

  it('refuses a handoff whose input arrived too late to be read (a slow pipe), unless --allow-empty; --file - waits', async () => {
    const repo = await startedRepo({ work: true });
    const md = '## Summary\nSlow notes.\n';
    const late = await origin(['handoff'], { cwd: repo.dir, input: md, inputAfterMs: 1200 });
    expect(late.code).toBe(1);
    expect(late.stderr).toContain('nothing was written for the handoff: nothing arrived on standard input within');
    expect(late.stderr).toContain('--file -');
    expect((await repo.git.raw(['status', '--porcelain'])).trim()).toBe('');
    const waited = await originJson<{ body: string }>(['handoff', '--file', '-'], { cwd: repo.dir, input: md, inputAfterMs: 1200 });
    expect(waited.body).toContain('Slow notes.');
    expect((await originOk(['handoff', '--allow-empty'], { cwd: repo.dir, input: md, inputAfterMs: 1200 })).stdout).toMatch(/^hnd-/);
  });

  it('turns next steps into linked follow-ups and lists follow-ups closed this session', async () => {
    const repo = await makeRepo();
    const fup = (await originOk(['followup', 'Old thread'], { cwd: repo.dir })).stdout.trim();
    await repo.commitAll('memory');
    await originOk(['start'], { cwd: repo.dir });
    await originOk(['resolve', fup, '--note', 'fixed'], { cwd: repo.dir });
    const h = await originJson<{ links: string[]; body: string }>(['handoff', '--summary', 'Closed the old thread.', '--next', 'Write the docs', '--followups'], { cwd: repo.dir });
    const open = await originJson<{ id: string; title: string }[]>(['list', '--type', 'followup', '--status', 'open'], { cwd: repo.dir });
    expect(open.map((f) => f.title)).toEqual(['Write the docs']);
    expect(h.links).toContain(open[0]?.id);
    expect(h.body).toContain('Follow-ups closed this session');
    expect(h.body).toContain(fup);
    // The next handoff carries the same step over: linked to the open follow-up, not opened twice.
    const next = await originJson<{ links: string[]; body: string }>(['handoff', '--summary', 'Docs not written yet.', '--next', 'write the  docs', '--next', 'Ship it', '--followups'], { cwd: repo.dir });
    const after = await originJson<{ id: string; title: string }[]>(['list', '--type', 'followup', '--status', 'open'], { cwd: repo.dir });
    expect(after.map((f) => f.title).sort()).toEqual(['Ship it', 'Write the docs']);
    expect(next.links).toEqual(expect.arrayContaining(after.map((f) => f.id)));
    expect(next.body).toContain(`Next steps already open as follow-ups:\n- ${open[0]?.id} Write the docs`);
  });

  it('lists a follow-up closed in the second of a handoff in that handoff only', async () => {
    const repo = await repoWithMemory();
    const fup = (await originOk(['followup', 'Old thread'], { cwd: repo.dir })).stdout.trim();
    await originOk(['handoff', '--summary', 'Opened the thread.'], { cwd: repo.dir });
    await repo.commitAll('memory');
    // ORIGIN_NOW pins the second: the resolve and the first handoff share it, the second handoff comes later.
    const at = (time: string) => ({ cwd: repo.dir, env: { ORIGIN_NOW: time } });
    await originOk(['start'], at('2030-01-01T10:00:00Z'));
    await originOk(['resolve', fup, '--note', 'fixed'], at('2030-01-01T10:00:05Z'));
    const h1 = await originJson<{ links: string[]; body: string }>(['handoff', '--summary', 'Closed the old thread.'], at('2030-01-01T10:00:05Z'));
    expect(h1.body).toContain(fup);
    expect(h1.links).toContain(fup);
    await originOk(['gotcha', 'Something new', 'x'], at('2030-01-01T10:00:09Z'));
    const h2 = await originJson<{ body: string }>(['handoff', '--summary', 'More.'], at('2030-01-01T10:00:10Z'));
    expect(h2.body).toContain('Something new');
    expect(h2.body).not.toContain(fup);
  });

  it('honours the budget and shortens bodies before dropping items', async () => {
    const repo = await makeRepo();
    const long = 'This paragraph explains the reasoning at length. '.repeat(60);
    for (let i = 0; i < 25; i++) await originOk(['gotcha', `Pitfall number ${i} in the build`, long], { cwd: repo.dir });
    await originOk(['handoff', '--summary', long, '--next', 'keep going'], { cwd: repo.dir });
    for (const budget of [300, 600, 1200]) {
      const b = await originJson<Briefing & { omitted: { gotchas: number } }>(['start', '--budget', String(budget)], { cwd: repo.dir });
      expect(b.tokens).toBeLessThanOrEqual(budget);
      expect(b.markdown).toContain('keep going');
      expect(b.markdown).toMatch(/\+\d+ more gotchas: origin list --type gotcha/);
    }
    const bad = await origin(['start', '--budget', 'lots'], { cwd: repo.dir });
    expect(bad.code).toBe(2);
  });
});
