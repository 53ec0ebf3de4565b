import { existsSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serializeEntry } from '../src/core/serialize.js';
import { type Entry, type EntryType, TYPE_DIRS } from '../src/core/types.js';
import { unitKeys } from '../src/refine/merge-body.js';
import { makeRepo, origin, originJson, originOk, type TestRepo } from './helpers/repo.js';

/**
 * refine and merge through the built CLI, in real git repositories: merges
 * with provenance and their revert, idempotence, determinism, --check, and
 * two branches that both refine merging with stock `git merge`.
 */

interface Plan {
  merges: Array<{ into: string; from: string[]; score: number; title: string; from_titles: string[] }>;
  suggestions: Array<{ a: string; b: string; score: number; reason: string; duplicate: boolean; held: string | null; a_title: string; b_title: string }>;
}

function entry(id: string, type: EntryType, title: string, body: string, created: string, fields: Partial<Entry> = {}): Entry {
  return {
    id,
    type,
    title,
    status: { decision: 'accepted', gotcha: 'active', followup: 'open', context: 'active', handoff: 'final' }[type],
    created,
    author: 'Ada Tester',
    agent: 'test',
    session: '',
    branch: 'main',
    commit: '',
    tags: [],
    files: [],
    links: [],
    supersedes: [],
    source: 'cli',
    extra: {},
    body,
    ...fields,
  };
}

function pathOf(e: Entry): string {
  return `.origin/${TYPE_DIRS[e.type]}/${e.id}-${e.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}.md`;
}

function put(repo: TestRepo, ...entries: Entry[]): void {
  for (const e of entries) repo.write(pathOf(e), serializeEntry(e));
}

const BACKGROUND = [
  entry('dec-0000pgsq', 'decision', 'Use PostgreSQL for persistence', 'We need transactions and relational queries, so the service stores its data in PostgreSQL.', '2025-01-02T10:00:00Z', { tags: ['db'] }),
  entry('dec-0000ghac', 'decision', 'Deploy with GitHub Actions', 'Every merge to main builds the container and deploys it to staging with GitHub Actions.', '2025-01-03T10:00:00Z', { tags: ['ci'] }),
  entry('gtc-0000pgbo', 'gotcha', 'pgbouncer drops prepared statements', 'In transaction pooling mode pgbouncer does not keep prepared statements between transactions.', '2025-01-04T10:00:00Z', {
    tags: ['db'],
    files: ['src/db/pool.ts'],
  }),
  entry('fup-0000idxs', 'followup', 'Add an index for the statement query', 'The monthly statement query scans the whole ledger table.', '2025-01-05T10:00:00Z'),
  entry('ctx-0000team', 'context', 'The payments team owns the ledger', 'Questions about the ledger go to the payments channel.', '2025-01-06T10:00:00Z'),
];

const SHIELD = entry(
  'dec-000shiel',
  'decision',
  'Buy AWS Shield Advanced for the public endpoints',
  'We will subscribe to AWS Shield Advanced to protect the public load balancers and CloudFront distributions against DDoS attacks. It covers the payments and identity accounts, their Route 53 hosted zones and the Global Accelerator endpoints; Firewall Manager applies the protections.\n\nThe DDoS response team and the cost protection justify the monthly fee of about $3,000.',
  '2025-02-01T10:00:00Z',
  { tags: ['security'], files: ['infra/shield.tf'] },
);
const SHIELD_AGAIN = entry(
  'dec-00shield2',
  'decision',
  'Public endpoints are protected by Shield Advanced',
  'Our public load balancers and CloudFront distributions get AWS Shield Advanced against DDoS attacks, in the payments and identity accounts, with their Route 53 hosted zones and Global Accelerator endpoints; Firewall Manager applies the protections. Its response team and cost protection are worth the monthly fee of about $3,000. Enrolment is done per account in the security account.',
  '2025-03-01T10:00:00Z',
  { tags: ['aws'], files: ['infra/shield.tf', 'infra/accounts.tf'], links: ['dec-0000ghac'] },
);
const SHIELD_STANDARD = entry(
  'dec-00shieldn',
  'decision',
  'Shield Standard is enough for the public endpoints',
  'We decided that AWS Shield Standard, which is free and always on, is enough to protect the public load balancers and CloudFront distributions against DDoS attacks. We will not buy Shield Advanced: the monthly fee is not justified for our traffic.',
  '2025-04-01T10:00:00Z',
);

async function storeRepo(...extra: Entry[]): Promise<TestRepo> {
  const repo = await makeRepo();
  await originOk(['init'], { cwd: repo.dir });
  put(repo, ...BACKGROUND, ...extra);
  await repo.commitAll('memory');
  return repo;
}

function wikiFiles(repo: TestRepo): Record<string, string> {
  const dir = join(repo.dir, '.origin', 'wiki');
  const out: Record<string, string> = {};
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir).sort()) out[name] = readFileSync(join(dir, name), 'utf8');
  return out;
}

async function status(repo: TestRepo): Promise<string> {
  return (await repo.git.raw(['status', '--porcelain'])).trim();
}

describe('origin refine (end to end)', () => {
  it('merges a restatement with provenance, resolves the old id, and git revert undoes it', async () => {
    const repo = await storeRepo(SHIELD, SHIELD_AGAIN, SHIELD_STANDARD);
    const plan = await originJson<Plan>(['refine', '--dry-run'], { cwd: repo.dir });
    expect(plan.merges.map((m) => [m.into, m.from])).toEqual([[SHIELD.id, [SHIELD_AGAIN.id]]]);
    expect(plan.suggestions.some((s) => [s.a, s.b].includes(SHIELD_STANDARD.id))).toBe(true);
    // Both sides by title, in the JSON and in the text plan: the survivor, then what it absorbs.
    expect(plan.merges[0]).toMatchObject({ title: SHIELD.title, from_titles: [SHIELD_AGAIN.title] });
    const text = (await originOk(['refine', '--dry-run'], { cwd: repo.dir, env: { NO_COLOR: '1' } })).stdout;
    expect(text).toContain(`would merge 1 duplicate entry:\n  ${SHIELD.id}  ${SHIELD.title}\n    <- ${SHIELD_AGAIN.id}  `);
    expect(text).toMatch(new RegExp(`<- ${SHIELD_AGAIN.id}  \\d\\.\\d\\d  ${SHIELD_AGAIN.title}\n`));
    expect(await status(repo)).toBe('');

    const before = (await repo.git.raw(['rev-parse', 'HEAD'])).trim();
    await originOk(['refine', '--commit'], { cwd: repo.dir });
    expect(await status(repo)).toBe('');
    const changed = (await repo.git.raw(['show', '--name-status', '--format=', 'HEAD'])).trim().split('\n').sort();
    expect(changed).toEqual([`D\t${pathOf(SHIELD_AGAIN)}`, `M\t${pathOf(SHIELD)}`]);
    // The merged file is recoverable from history.
    expect(await repo.git.raw(['show', `HEAD~1:${pathOf(SHIELD_AGAIN)}`])).toBe(serializeEntry(SHIELD_AGAIN));

    const merged = await originJson<Entry & { resolved_from?: string }>(['show', SHIELD_AGAIN.id], { cwd: repo.dir });
    expect(merged.id).toBe(SHIELD.id);
    expect(merged.resolved_from).toBe(SHIELD_AGAIN.id);
    expect(merged.merged_from).toEqual([SHIELD_AGAIN.id]);
    expect(merged.tags).toEqual(['security', 'aws']);
    expect(merged.files).toEqual(['infra/shield.tf', 'infra/accounts.tf']);
    expect(merged.links).toEqual(['dec-0000ghac']);
    expect(merged.body).toContain('Enrolment is done per account in the security account.');
    expect(merged.body).toContain(`_Merged from ${SHIELD_AGAIN.id}`);
    // The contradicting entry is untouched.
    expect(repo.read(pathOf(SHIELD_STANDARD))).toBe(serializeEntry(SHIELD_STANDARD));

    await repo.git.raw(['revert', '--no-edit', 'HEAD']);
    expect(repo.read(pathOf(SHIELD_AGAIN))).toBe(serializeEntry(SHIELD_AGAIN));
    expect(repo.read(pathOf(SHIELD))).toBe(serializeEntry(SHIELD));
    expect((await repo.git.raw(['diff', before, 'HEAD', '--', '.origin'])).trim()).toBe('');
  });

  it('leaves a short restatement to a person: judged a duplicate, held back for too little detail, listed first; not merged', async () => {
    // Two sentences that agree with SHIELD but carry few of its details: as many words could record another choice.
    const brief = entry('dec-0shieldbr', 'decision', 'Shield Advanced on the public endpoints', 'Public load balancers and CloudFront distributions get AWS Shield Advanced against DDoS attacks; the response team and cost protection are worth the monthly fee.', '2025-03-02T10:00:00Z');
    const repo = await storeRepo(SHIELD, brief, SHIELD_STANDARD);
    const plan = await originJson<Plan>(['refine', '--dry-run'], { cwd: repo.dir });
    expect(plan.merges).toEqual([]);
    expect(plan.suggestions[0]).toMatchObject({ a: SHIELD.id, b: brief.id, duplicate: true, held: 'detail', kind: 'duplicate', a_title: SHIELD.title, b_title: brief.title });
    expect(plan.suggestions[0]?.reason).toMatch(/too little shared detail to tell a restatement from a different fact/);
    expect(plan.suggestions.filter((s) => [s.a, s.b].includes(SHIELD_STANDARD.id)).every((s) => !s.duplicate && s.held === null)).toBe(true);
    const text = (await originOk(['refine', '--dry-run'], { cwd: repo.dir, env: { NO_COLOR: '1' } })).stdout;
    expect(text).toMatch(/possible duplicates to review \(1 judged a duplicate but held back, listed first; merge by hand with `origin merge <a> <b>`, or where the newer replaces the older, `origin supersede <old> --by <new>`\):/);
    await originOk(['refine', '--no-wiki'], { cwd: repo.dir });
    expect(await status(repo)).toBe('');
  });

  it('keeps a reverted merge reverted once the two are marked distinct (written on the newer only)', async () => {
    const repo = await storeRepo(SHIELD, SHIELD_AGAIN);
    await originOk(['refine', '--commit', '--no-wiki'], { cwd: repo.dir });
    await repo.git.raw(['revert', '--no-edit', 'HEAD']);
    // Reverted, the pair is pending again: a refine would redo the merge.
    expect((await originJson<Plan>(['refine', '--dry-run'], { cwd: repo.dir })).merges).toHaveLength(1);
    const marked = await originOk(['distinct', SHIELD_AGAIN.id, SHIELD.id, '--commit'], { cwd: repo.dir, env: { NO_COLOR: '1' } });
    expect(marked.stdout).toBe(`${SHIELD_AGAIN.id} and ${SHIELD.id} are distinct (written on ${SHIELD_AGAIN.id}); refine will neither merge nor suggest them\n`);
    expect((await repo.git.raw(['show', '--name-only', '--format=', 'HEAD'])).trim()).toBe(pathOf(SHIELD_AGAIN));
    expect(repo.read(pathOf(SHIELD))).toBe(serializeEntry(SHIELD));
    expect(repo.read(pathOf(SHIELD_AGAIN))).toMatch(new RegExp(`\nsource: .*\ndistinct:\n  - ${SHIELD.id}\n---\n`));
    const plan = await originJson<Plan>(['refine', '--dry-run'], { cwd: repo.dir });
    expect(plan.merges).toEqual([]);
    expect(plan.suggestions.filter((s) => [s.a, s.b].includes(SHIELD.id) && [s.a, s.b].includes(SHIELD_AGAIN.id))).toEqual([]);
    expect((await origin(['refine', '--check', '--no-wiki'], { cwd: repo.dir })).code).toBe(0);
    expect(await originJson<Entry>(['show', SHIELD_AGAIN.id], { cwd: repo.dir })).toMatchObject({ distinct: [SHIELD.id] });
    // Marking again changes nothing; the same entry twice is a usage error.
    const again = await originOk(['distinct', SHIELD.id, SHIELD_AGAIN.id], { cwd: repo.dir });
    expect(again.stderr).toContain('already marked distinct');
    expect(await status(repo)).toBe('');
    expect((await origin(['distinct', SHIELD.id, SHIELD.id], { cwd: repo.dir })).code).toBe(2);
    expect((await originOk(['show', SHIELD_AGAIN.id], { cwd: repo.dir, env: { NO_COLOR: '1' } })).stdout).toContain(`distinct from: ${SHIELD.id}`);
    // The mark taken back: the file is as it was before, and refine would merge the two again.
    await originOk(['edit', SHIELD_AGAIN.id, '--undistinct', SHIELD.id.slice(0, 8)], { cwd: repo.dir });
    expect(repo.read(pathOf(SHIELD_AGAIN))).toBe(serializeEntry(SHIELD_AGAIN));
    expect((await originJson<Plan>(['refine', '--dry-run'], { cwd: repo.dir })).merges).toHaveLength(1);
    expect((await origin(['edit', SHIELD_AGAIN.id, '--undistinct', SHIELD.id], { cwd: repo.dir })).code).toBe(2);
  });

  it('merges nothing on its own with autoMerge: false (or --no-auto-merge): the duplicate is a suggestion; --auto-merge overrides', async () => {
    const repo = await storeRepo(SHIELD, SHIELD_AGAIN);
    const config = repo.read('.origin/config.yml');
    expect(config).toContain('autoMerge: true\n');
    repo.write('.origin/config.yml', config.replace('autoMerge: true\n', 'autoMerge: false\n'));
    await repo.commitAll('no automatic merges here');
    const plan = await originJson<Plan>(['refine', '--dry-run'], { cwd: repo.dir });
    expect(plan.merges).toEqual([]);
    const suggested = plan.suggestions.find((s) => s.a === SHIELD.id && s.b === SHIELD_AGAIN.id);
    expect(suggested?.reason).toContain('automatic merges are off');
    expect(suggested).toMatchObject({ duplicate: true, held: 'auto-merge-off' });
    // Says why nothing merges, not that nothing would.
    const text = (await originOk(['refine', '--dry-run'], { cwd: repo.dir, env: { NO_COLOR: '1' } })).stdout;
    expect(text.split('\n')[0]).toBe('no automatic merges (automatic merges are off here)');
    expect((await origin(['refine', '--check', '--no-wiki'], { cwd: repo.dir })).code).toBe(0);
    await originOk(['refine'], { cwd: repo.dir });
    expect(repo.read(pathOf(SHIELD_AGAIN))).toBe(serializeEntry(SHIELD_AGAIN));
    expect(await status(repo)).toBe('');
    // The flag wins over the config, both ways.
    const forced = await originJson<Plan>(['refine', '--dry-run', '--auto-merge'], { cwd: repo.dir });
    expect(forced.merges.map((m) => [m.into, m.from])).toEqual([[SHIELD.id, [SHIELD_AGAIN.id]]]);
    repo.write('.origin/config.yml', config);
    expect((await originJson<Plan>(['refine', '--dry-run', '--no-auto-merge'], { cwd: repo.dir })).merges).toEqual([]);
    expect((await originJson<Plan>(['refine', '--dry-run'], { cwd: repo.dir })).merges).toHaveLength(1);
  });

  it('stages the merge by default (the deletion included) and never stages the wiki', async () => {
    const repo = await storeRepo(SHIELD, SHIELD_AGAIN);
    await originOk(['refine'], { cwd: repo.dir });
    const staged = (await repo.git.raw(['diff', '--cached', '--name-status'])).trim().split('\n').sort();
    expect(staged).toEqual([`D\t${pathOf(SHIELD_AGAIN)}`, `M\t${pathOf(SHIELD)}`]);
    expect(existsSync(join(repo.dir, '.origin', 'wiki', 'index.md'))).toBe(true);
    expect((await repo.git.raw(['status', '--porcelain', '--ignored', '.origin/wiki'])).trim()).toMatch(/^!! \.origin\/wiki\//);
  });

  it('stages the merge even when the wiki cannot be written, and fails with a clear error', async () => {
    const repo = await storeRepo(SHIELD, SHIELD_AGAIN);
    // A file where the wiki folder goes: no page can be written.
    repo.write('.origin/wiki', 'not a folder\n');
    const result = await origin(['refine'], { cwd: repo.dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('cannot write the wiki');
    expect(result.stderr).toContain('the merges are staged');
    const staged = (await repo.git.raw(['diff', '--cached', '--name-status'])).trim().split('\n').sort();
    expect(staged).toEqual([`D\t${pathOf(SHIELD_AGAIN)}`, `M\t${pathOf(SHIELD)}`]);
  });

  // /proc/1 is a folder nobody can create files in, root included (Linux only).
  it.skipIf(!existsSync('/proc/1'))('words a page that cannot be written the same way on one thread and on two', async () => {
    for (const threads of ['1', '2']) {
      const repo = await storeRepo(SHIELD, SHIELD_AGAIN);
      symlinkSync('/proc/1', join(repo.dir, '.origin', 'wiki'));
      const result = await origin(['refine'], { cwd: repo.dir, env: { ORIGIN_THREADS: threads } });
      expect(result.code, threads).toBe(1);
      expect(result.stderr, threads).toContain('origin: error: cannot write the wiki');
      expect(result.stderr, threads).toContain('the merges are staged');
      expect(result.stderr, threads).not.toContain('internal error');
      const staged = (await repo.git.raw(['diff', '--cached', '--name-status'])).trim().split('\n').sort();
      expect(staged, threads).toEqual([`D\t${pathOf(SHIELD_AGAIN)}`, `M\t${pathOf(SHIELD)}`]);
    }
  });

  it('--commit commits the merge alone: what the user had staged stays staged and out of it', async () => {
    const repo = await storeRepo(SHIELD, SHIELD_AGAIN);
    repo.write('notes.txt', 'work in progress\n');
    repo.write('README.md', '# test project, edited\n');
    await repo.git.raw(['add', 'notes.txt', 'README.md']);
    await originOk(['refine', '--commit'], { cwd: repo.dir });
    const changed = (await repo.git.raw(['show', '--name-status', '--format=', 'HEAD'])).trim().split('\n').sort();
    expect(changed).toEqual([`D\t${pathOf(SHIELD_AGAIN)}`, `M\t${pathOf(SHIELD)}`]);
    expect(await status(repo)).toBe('M  README.md\nA  notes.txt');
  });

  it('warns and stages nothing when git ignores an entry it rewrote', async () => {
    const repo = await storeRepo();
    repo.write('.gitignore', '.origin/decisions/\n');
    put(repo, SHIELD, SHIELD_AGAIN);
    const r = await originOk(['refine'], { cwd: repo.dir });
    expect(r.stderr).toContain('written but not staged: git ignores');
    expect((await repo.git.raw(['diff', '--cached', '--name-only'])).trim()).toBe('');
  });

  it('loses no sentence: everything a merged entry said is in the entry that absorbed it', async () => {
    const repo = await storeRepo(SHIELD, SHIELD_AGAIN);
    await originOk(['refine'], { cwd: repo.dir });
    const after = repo.read(pathOf(SHIELD));
    const keys = new Set(unitKeys(after.slice(after.indexOf('\n---\n') + 5)));
    for (const e of [SHIELD, SHIELD_AGAIN]) for (const key of unitKeys(e.body)) expect(keys).toContain(key);
    expect(after).toContain(SHIELD_AGAIN.title);
  });

  it('is idempotent and deterministic: a second refine changes nothing, a rebuild gives the same bytes', async () => {
    const repo = await storeRepo(SHIELD, SHIELD_AGAIN, SHIELD_STANDARD);
    await originOk(['refine', '--commit'], { cwd: repo.dir });
    const head = (await repo.git.raw(['rev-parse', 'HEAD'])).trim();
    const wiki = wikiFiles(repo);
    expect(Object.keys(wiki)).toContain('index.md');

    const again = await originJson<Plan & { wiki: { changed: string[]; removed: string[] }; files: string[] }>(['refine'], { cwd: repo.dir });
    expect(again.merges).toEqual([]);
    expect(again.files).toEqual([]);
    expect(again.wiki.changed).toEqual([]);
    expect(again.wiki.removed).toEqual([]);
    expect((await repo.git.raw(['rev-parse', 'HEAD'])).trim()).toBe(head);
    expect(await status(repo)).toBe('');
    expect(wikiFiles(repo)).toEqual(wiki);

    rmSync(join(repo.dir, '.origin', 'wiki'), { recursive: true });
    await originOk(['refine'], { cwd: repo.dir });
    expect(wikiFiles(repo)).toEqual(wiki);

    // Another clone of the same store, elsewhere: the same pages, byte for byte.
    const other = await storeRepo(SHIELD, SHIELD_AGAIN, SHIELD_STANDARD);
    await originOk(['refine'], { cwd: other.dir });
    expect(wikiFiles(other)).toEqual(wiki);
  });

  it('--check exits 1 on pending merges or a stale wiki, 0 when refine has nothing to do', async () => {
    const repo = await storeRepo(SHIELD, SHIELD_AGAIN);
    const pending = await origin(['refine', '--check'], { cwd: repo.dir });
    expect(pending.code).toBe(1);
    expect(pending.stdout).toContain('would merge 1 duplicate entry');
    expect(await status(repo)).toBe('');
    expect(existsSync(join(repo.dir, '.origin', 'wiki'))).toBe(false);

    await originOk(['refine', '--commit'], { cwd: repo.dir });
    expect((await origin(['refine', '--check'], { cwd: repo.dir })).code).toBe(0);

    put(repo, entry('fup-0000newf', 'followup', 'Rotate the deploy key', 'The deploy key is a year old.', '2025-06-01T10:00:00Z'));
    const stale = await origin(['refine', '--check'], { cwd: repo.dir });
    expect(stale.code).toBe(1);
    expect(stale.stdout).toMatch(/wiki: \d+ pages in \.origin\/wiki\/, \d+ out of date/);

    // A clone that never built the wiki (CI: the pages are not committed) checks the merges only.
    rmSync(join(repo.dir, '.origin', 'wiki'), { recursive: true });
    const unbuilt = await origin(['refine', '--check'], { cwd: repo.dir });
    expect(unbuilt.code).toBe(0);
    expect(unbuilt.stdout).toContain('wiki: not built here');
    const unbuiltJson = await origin(['refine', '--check', '--json'], { cwd: repo.dir });
    expect(JSON.parse(unbuiltJson.stdout).wiki).toEqual({ checked: false, reason: 'not built here' });
    await originOk(['refine'], { cwd: repo.dir });
    expect((await origin(['refine', '--check'], { cwd: repo.dir })).code).toBe(0);
  });

  it('--dry-run plans every round refine makes, and suggests nothing it merges', async () => {
    // A walkthrough's store: the second PostgreSQL restatement merges only once the exact copy is gone (term weights move).
    const repo = await storeRepo(
      entry('dec-0000pgaa', 'decision', 'Use PostgreSQL for persistence', 'We need transactions across orders and stock.', '2025-03-01T10:00:00Z', { files: ['src/db'], tags: ['db'] }),
      entry('dec-0000pgbb', 'decision', 'Persist data in PostgreSQL', 'Orders and stock updates must be transactional, so we picked Postgres.', '2025-03-02T10:00:00Z', { files: ['src/db'], tags: ['database'] }),
      entry('dec-0000pgcc', 'decision', 'Use PostgreSQL for persistence', 'We need transactions across orders and stock.', '2025-03-03T10:00:00Z', { files: ['src/db'], tags: ['db'] }),
      entry('dec-0000pgdd', 'decision', 'Do not use PostgreSQL for persistence', 'We chose SQLite instead; Postgres is too heavy for the embedded build.', '2025-03-04T10:00:00Z', { files: ['src/db'], tags: ['db'] }),
      entry('gtc-0000miga', 'gotcha', 'Migrations must run before the tests', 'Run npm run migrate first or tests fail with missing tables.', '2025-03-05T10:00:00Z'),
      entry('gtc-0000migb', 'gotcha', 'Run migrations before running the test suite', 'If you skip npm run migrate the tests fail because tables are missing.', '2025-03-06T10:00:00Z'),
    );
    const plan = await originJson<Plan>(['refine', '--dry-run', '--json'], { cwd: repo.dir });
    expect(await status(repo)).toBe('');
    const merged = new Set(plan.merges.flatMap((m) => m.from));
    for (const s of plan.suggestions) expect([s.a, s.b].filter((id) => merged.has(id))).toEqual([]);
    const done = await originJson<Plan>(['refine', '--json'], { cwd: repo.dir });
    expect(done.merges.map((m) => [m.into, m.from])).toEqual(plan.merges.map((m) => [m.into, m.from]));
    expect(done.suggestions.map((s) => [s.a, s.b])).toEqual(plan.suggestions.map((s) => [s.a, s.b]));
    expect(merged.has('dec-0000pgdd')).toBe(false);
  });

  it('removes a generated page that is no longer produced, and leaves other files alone', async () => {
    const tagged = entry('ctx-0000tagd', 'context', 'Staging is reset every Monday', 'Do not keep test data in staging.', '2025-05-01T10:00:00Z', { tags: ['staging'] });
    const repo = await storeRepo(tagged);
    await originOk(['refine'], { cwd: repo.dir });
    expect(existsSync(join(repo.dir, '.origin', 'wiki', 'staging.md'))).toBe(true);
    repo.write('.origin/wiki/notes.md', 'my own notes\n');
    put(repo, { ...tagged, tags: [] });
    await originOk(['refine'], { cwd: repo.dir });
    expect(existsSync(join(repo.dir, '.origin', 'wiki', 'staging.md'))).toBe(false);
    expect(repo.read('.origin/wiki/notes.md')).toBe('my own notes\n');
  });

  it('never merges handoffs, nor a decision with the one it supersedes', async () => {
    const hnd1 = entry('hnd-0000aaaa', 'handoff', 'Session: Shield rollout', SHIELD.body, '2025-02-02T10:00:00Z');
    const hnd2 = entry('hnd-0000bbbb', 'handoff', 'Session: Shield rollout', SHIELD.body, '2025-02-03T10:00:00Z');
    const successor = { ...SHIELD_AGAIN, supersedes: [SHIELD.id] };
    const repo = await storeRepo(SHIELD, successor, hnd1, hnd2);
    const plan = await originJson<Plan>(['refine', '--dry-run'], { cwd: repo.dir });
    expect(plan.merges).toEqual([]);
    const refused = await origin(['merge', hnd1.id, hnd2.id], { cwd: repo.dir });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('handoffs are a history');
    const superseding = await origin(['merge', SHIELD.id, successor.id], { cwd: repo.dir });
    expect(superseding.stderr).toContain('one supersedes the other');
  });
});

describe('origin merge (end to end)', () => {
  it('merges a suggested pair by hand into the older entry; --dry-run writes nothing', async () => {
    const repo = await storeRepo(SHIELD, SHIELD_STANDARD);
    const dry = await originOk(['merge', SHIELD_STANDARD.id, SHIELD.id, '--dry-run'], { cwd: repo.dir });
    expect(dry.stdout).toContain(`would merge ${SHIELD_STANDARD.id} into ${SHIELD.id}`);
    expect(dry.stderr).toContain('may record different decisions');
    expect(await status(repo)).toBe('');

    const merged = await originJson<Entry>(['merge', SHIELD_STANDARD.id, SHIELD.id], { cwd: repo.dir });
    expect(merged.id).toBe(SHIELD.id);
    expect(merged.merged_from).toEqual([SHIELD_STANDARD.id]);
    expect(merged.body).toContain('We will not buy Shield Advanced');
    const staged = (await repo.git.raw(['diff', '--cached', '--name-status'])).trim().split('\n').sort();
    expect(staged).toEqual([`D\t${pathOf(SHIELD_STANDARD)}`, `M\t${pathOf(SHIELD)}`]);
    const again = await origin(['merge', SHIELD_STANDARD.id, SHIELD.id], { cwd: repo.dir });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`${SHIELD_STANDARD.id} was already merged into ${SHIELD.id}`);
  });

  it('merges an entry git never tracked (a capture left unstaged): the merge is staged, nothing fails', async () => {
    const repo = await storeRepo(SHIELD);
    put(repo, SHIELD_AGAIN);
    const r = await originOk(['merge', SHIELD_AGAIN.id, SHIELD.id], { cwd: repo.dir, env: { NO_COLOR: '1' } });
    expect(r.stdout).toBe(`merged ${SHIELD_AGAIN.id} into ${SHIELD.id} (staged); origin refine updates the wiki\n`);
    expect(await status(repo)).toBe(`M  ${pathOf(SHIELD)}`);
    // Through the merged id, a note says which entry that is now.
    const marked = await origin(['merge', SHIELD_AGAIN.id, 'dec-0000ghac', '--dry-run'], { cwd: repo.dir });
    expect(marked.stderr).toContain(`origin: note: ${SHIELD_AGAIN.id} was merged into ${SHIELD.id}; merging ${SHIELD.id}`);
  });

  it('warns when two entries merged by hand have little text in common (a mistyped id, say), and still merges', async () => {
    const repo = await storeRepo();
    const r = await originOk(['merge', 'dec-0000ghac', 'dec-0000pgsq', '--no-stage'], { cwd: repo.dir });
    expect(r.stderr).toMatch(/origin: note: dec-0000\w+ and dec-0000\w+ have little text in common \(similarity 0\.\d\d\); check the ids/);
  });

  it('--into keeps the one named (the newer, say); it must be one of the two; the text says where the merge went', async () => {
    const repo = await storeRepo(SHIELD, SHIELD_AGAIN);
    const wrong = await origin(['merge', SHIELD.id, SHIELD_AGAIN.id, '--into', 'dec-0000ghac'], { cwd: repo.dir });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('neither of the two entries merged');
    expect(await status(repo)).toBe('');
    const r = await originOk(['merge', SHIELD.id, SHIELD_AGAIN.id, '--into', SHIELD_AGAIN.id.slice(0, 8)], { cwd: repo.dir, env: { NO_COLOR: '1' } });
    expect(r.stdout).toBe(`merged ${SHIELD.id} into ${SHIELD_AGAIN.id} (staged); origin refine updates the wiki\n`);
    const merged = await originJson<Entry>(['show', SHIELD.id], { cwd: repo.dir });
    expect(merged).toMatchObject({ id: SHIELD_AGAIN.id, merged_from: [SHIELD.id], title: SHIELD_AGAIN.title });
    expect(merged.body).toContain(`_Merged from ${SHIELD.id} (“${SHIELD.title}”, 2025-02-01):_`);
  });

  it('keeps the status of the follow-up still open, says so, and keeps the done one\'s resolution in the body', async () => {
    const done = entry('fup-0001idxs', 'followup', 'Index the statement query', 'The statement query scans the ledger.\n\n## Resolution\n\nAdded ledger_account_month_idx.', '2025-02-05T10:00:00Z', {
      status: 'done',
      closed: '2025-02-06T10:00:00Z',
    });
    const repo = await storeRepo(done);
    const r = await originOk(['merge', 'fup-0001idxs', 'fup-0000idxs', '--json'], { cwd: repo.dir });
    const merged = JSON.parse(r.stdout) as Entry;
    expect(merged.id).toBe('fup-0000idxs');
    expect(merged.status).toBe('open');
    expect(merged.closed).toBeUndefined();
    expect(merged.body).toContain('Added ledger_account_month_idx.');
    expect(r.stderr).toContain("keeps fup-0000idxs's status (open); fup-0001idxs was done");
  });

  it('never merges an entry in force into one another entry supersedes, on its own or by hand', async () => {
    const cloudflare = entry('dec-00cloudfl', 'decision', 'Move DDoS protection to Cloudflare', 'Cloudflare fronts the public endpoints and absorbs DDoS attacks; Shield Advanced is cancelled.', '2025-03-01T10:00:00Z', {
      supersedes: [SHIELD.id],
    });
    // SHIELD's file still says accepted: only the newer entry's supersedes says it is replaced.
    const repo = await storeRepo(SHIELD, SHIELD_AGAIN, cloudflare);
    const plan = await originJson<Plan>(['refine', '--dry-run'], { cwd: repo.dir });
    expect(plan.merges).toEqual([]);
    const pair = plan.suggestions.find((s) => [s.a, s.b].includes(SHIELD.id) && [s.a, s.b].includes(SHIELD_AGAIN.id));
    expect(pair?.reason).toMatch(/^one is (superseded, the other accepted|accepted, the other superseded)$/);
    // By hand, the entry in force survives, and the note says the other was superseded.
    const r = await originOk(['merge', SHIELD.id, SHIELD_AGAIN.id, '--json'], { cwd: repo.dir });
    expect((JSON.parse(r.stdout) as Entry).id).toBe(SHIELD_AGAIN.id);
    expect(r.stderr).toContain(`${SHIELD.id} was superseded`);
  });

  it('refuses entries of different types', async () => {
    const repo = await storeRepo();
    const r = await origin(['merge', 'dec-0000pgsq', 'gtc-0000pgbo'], { cwd: repo.dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('different types');
    // The same entry named twice (by id and by a prefix of it) is a usage error.
    const self = await origin(['merge', 'dec-0000pgsq', 'dec-0000pg'], { cwd: repo.dir });
    expect(self.code).toBe(2);
    expect(self.stderr).toContain('cannot be merged with itself');
  });
});

describe('two branches that both refine', () => {
  it('merge with stock git merge without conflicts; refine on the result is clean and idempotent', async () => {
    const repo = await storeRepo(SHIELD);
    await originOk(['refine'], { cwd: repo.dir });
    const git = repo.git;

    // Branch a: a restatement of Shield (merged automatically) and a gotcha.
    await git.raw(['checkout', '-q', '-b', 'a']);
    put(
      repo,
      SHIELD_AGAIN,
      entry('gtc-0000aaaa', 'gotcha', 'CloudFront caches 404s for five minutes', 'A missing asset stays missing for five minutes after the deploy that adds it.', '2025-05-02T10:00:00Z', { tags: ['cdn'] }),
    );
    await repo.commitAll('memory on a');
    await originOk(['refine', '--commit'], { cwd: repo.dir });
    expect(existsSync(join(repo.dir, pathOf(SHIELD_AGAIN)))).toBe(false);

    // Branch b, from main: other entries, neighbouring the same topics and pages.
    await git.raw(['checkout', '-q', 'main']);
    await git.raw(['checkout', '-q', '-b', 'b']);
    put(
      repo,
      SHIELD_STANDARD,
      entry('fup-0000bbbb', 'followup', 'Review the DDoS runbook', 'The runbook still names the old on-call rota.', '2025-05-03T10:00:00Z', { tags: ['security', 'cdn'] }),
    );
    await repo.commitAll('memory on b');
    await originOk(['refine', '--commit'], { cwd: repo.dir });

    await git.raw(['checkout', '-q', 'a']);
    const merge = await git.raw(['merge', '--no-edit', 'b']);
    expect(merge).not.toMatch(/CONFLICT/);
    expect((await git.raw(['diff', '--name-only', '--diff-filter=U'])).trim()).toBe('');
    expect(await status(repo)).toBe('');

    // The merged store: the wiki is stale (both sides added entries), nothing else.
    const check = await origin(['refine', '--check'], { cwd: repo.dir });
    expect(check.stdout).toContain('nothing to merge');
    const first = await originJson<Plan & { files: string[] }>(['refine', '--commit'], { cwd: repo.dir });
    expect(first.merges).toEqual([]);
    expect(first.files).toEqual([]);
    expect(await status(repo)).toBe('');
    const wiki = wikiFiles(repo);
    expect(wiki['index.md']).toContain(SHIELD_STANDARD.title);
    expect(wiki['index.md']).toContain('Review the DDoS runbook');
    expect((await origin(['refine', '--check'], { cwd: repo.dir })).code).toBe(0);
    await originOk(['refine'], { cwd: repo.dir });
    expect(wikiFiles(repo)).toEqual(wiki);
    expect(await status(repo)).toBe('');
  });
});
