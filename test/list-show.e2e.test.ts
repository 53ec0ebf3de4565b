import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { idMatches } from '../src/core/id.js';
import { ANSI, capture, initRepo, originFails, writeEntry } from './helpers/e2e.js';
import { type TestRepo, makeRepo, origin, originJson, originOk } from './helpers/repo.js';

interface Listed {
  id: string;
  type: string;
  title: string;
  status: string;
  created: string;
  path: string;
  tags: string[];
  files: string[];
  superseded_by: string[];
  backlinks: string[];
  body?: string;
}

const ids = (list: Listed[]) => list.map((e) => e.id);

/**
 * A store written by hand with chosen ids and dates, so that filters and
 * prefixes can be checked exactly.
 */
describe('origin list', () => {
  let repo: TestRepo;
  beforeAll(async () => {
    repo = await initRepo(await makeRepo());
    writeEntry(repo, { id: 'dec-1aaaaaaa', title: 'Use PostgreSQL', created: '2026-01-10T09:00:00Z', tags: ['db', 'Storage'], files: ['src/db'] });
    writeEntry(repo, { id: 'dec-2bbbbbbb', title: 'Use MySQL instead', created: '2026-03-01T09:00:00Z', tags: ['db'], supersedes: ['dec-1aaaaaaa'] });
    writeEntry(repo, { id: 'gtc-3ccccccc', title: 'Pool size must be small', created: '2026-02-01T09:00:00Z', tags: ['db', 'perf'], files: ['src/db/pool.ts'] });
    writeEntry(repo, { id: 'fup-4ddddddd', title: 'Add an index', created: '2026-02-15T09:00:00Z', files: ['db/migrations'], links: ['gtc-3ccccccc'] });
    writeEntry(repo, { id: 'fup-5eeeeeee', title: 'Old chore', status: 'done', created: '2025-12-01T09:00:00Z' });
    writeEntry(repo, { id: 'ctx-6fffffff', title: 'API is internal', created: '2026-03-02T09:00:00Z', files: ['src/api/server.ts'] });
  });

  it('lists every entry, newest first', async () => {
    const list = await originJson<Listed[]>(['list'], { cwd: repo.dir });
    expect(ids(list)).toEqual(['ctx-6fffffff', 'dec-2bbbbbbb', 'fup-4ddddddd', 'gtc-3ccccccc', 'dec-1aaaaaaa', 'fup-5eeeeeee']);
  });

  it('--oldest reverses the order and --limit cuts it', async () => {
    expect(ids(await originJson<Listed[]>(['list', '--oldest', '-n', '2'], { cwd: repo.dir }))).toEqual(['fup-5eeeeeee', 'dec-1aaaaaaa']);
    const r = await originOk(['list', '--limit', '2'], { cwd: repo.dir });
    expect(r.stdout).toContain('4 more');
  });

  it('--json gives id, type, title, status, created and path for each entry', async () => {
    const list = await originJson<Listed[]>(['list'], { cwd: repo.dir });
    for (const e of list) {
      expect(Object.keys(e)).toEqual(expect.arrayContaining(['id', 'type', 'title', 'status', 'created', 'path']));
      expect(typeof e.created).toBe('string');
      expect(e.path).toMatch(new RegExp(`^\\.origin/[a-z]+/${e.id}-[a-z0-9-]+\\.md$`));
      expect(e.body).toBeUndefined();
    }
    expect(list.find((e) => e.id === 'ctx-6fffffff')).toMatchObject({
      id: 'ctx-6fffffff',
      type: 'context',
      title: 'API is internal',
      status: 'active',
      created: '2026-03-02T09:00:00Z',
      path: '.origin/context/ctx-6fffffff-api-is-internal.md',
    });
  });

  it('derives reverse relations: the superseded decision reads as superseded, with superseded_by and backlinks', async () => {
    const list = await originJson<Listed[]>(['list'], { cwd: repo.dir });
    const old = list.find((e) => e.id === 'dec-1aaaaaaa')!;
    expect(old.status).toBe('superseded');
    expect(old.superseded_by).toEqual(['dec-2bbbbbbb']);
    expect(list.find((e) => e.id === 'gtc-3ccccccc')!.backlinks).toEqual(['fup-4ddddddd']);
  });

  it.each([
    [['--type', 'decision'], ['dec-2bbbbbbb', 'dec-1aaaaaaa']],
    [['--type', 'followups'], ['fup-4ddddddd', 'fup-5eeeeeee']],
    [['--type', 'gotcha,context'], ['ctx-6fffffff', 'gtc-3ccccccc']],
    [['--type', 'gotcha', '--type', 'todo'], ['fup-4ddddddd', 'gtc-3ccccccc', 'fup-5eeeeeee']],
    [['--status', 'open'], ['fup-4ddddddd']],
    [['--status', 'done'], ['fup-5eeeeeee']],
    [['--status', 'superseded'], ['dec-1aaaaaaa']],
    [['--status', 'accepted'], ['dec-2bbbbbbb']],
    [['--status', 'active,open'], ['ctx-6fffffff', 'fup-4ddddddd', 'gtc-3ccccccc']],
    [['--tag', 'db'], ['dec-2bbbbbbb', 'gtc-3ccccccc', 'dec-1aaaaaaa']],
    [['--tag', 'db', '--tag', 'perf'], ['gtc-3ccccccc']],
    [['--tag', '#storage'], ['dec-1aaaaaaa']],
    [['--tag', 'nothing'], []],
    [['--since', '2026-02-15'], ['ctx-6fffffff', 'dec-2bbbbbbb', 'fup-4ddddddd']],
    [['--since', '2026-03-01T09:00:00Z'], ['ctx-6fffffff', 'dec-2bbbbbbb']],
    [['--file', 'src/db/pool.ts'], ['gtc-3ccccccc', 'dec-1aaaaaaa']],
    [['--file', 'src'], ['ctx-6fffffff', 'gtc-3ccccccc', 'dec-1aaaaaaa']],
    [['--file', 'db/migrations/0042.sql'], ['fup-4ddddddd']],
    [['--type', 'decision', '--tag', 'db', '--since', '2026-02-01'], ['dec-2bbbbbbb']],
  ])('list %j', async (args, expected) => {
    expect(ids(await originJson<Listed[]>(['list', ...args], { cwd: repo.dir }))).toEqual(expected);
  });

  it('--since takes an age relative to now', async () => {
    const fresh = await capture(repo, ['context', 'Created just now']);
    expect(ids(await originJson<Listed[]>(['list', '--since', '1d'], { cwd: repo.dir }))).toEqual([fresh]);
    expect(ids(await originJson<Listed[]>(['list', '--since', '2h'], { cwd: repo.dir }))).toEqual([fresh]);
    expect((await originJson<Listed[]>(['list', '--since', '100y'], { cwd: repo.dir })).length).toBe(7);
  });

  it('--file is relative to the current folder', async () => {
    repo.write('src/db/pool.ts', 'export {};\n');
    const list = await originJson<Listed[]>(['list', '--file', 'pool.ts'], { cwd: join(repo.dir, 'src/db') });
    expect(ids(list)).toEqual(['gtc-3ccccccc', 'dec-1aaaaaaa']);
  });

  it('prints one line per entry with id, type, status, title and tags, without colour when piped', async () => {
    const r = await originOk(['list', '--type', 'gotcha'], { cwd: repo.dir, env: { NO_COLOR: undefined, FORCE_COLOR: undefined } });
    expect(r.stdout).not.toMatch(ANSI);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^gtc-3ccccccc {2}gotcha {4}active {6}.*Pool size must be small #db #perf$/);
  });

  it('says so when nothing matches, and when the store is empty', async () => {
    expect((await originOk(['list', '--tag', 'nothing'], { cwd: repo.dir })).stdout).toBe('No entries match.\n');
    const empty = await initRepo(await makeRepo());
    expect((await originOk(['list'], { cwd: empty.dir })).stdout).toContain('No entries yet');
    expect(await originJson<Listed[]>(['list'], { cwd: empty.dir })).toEqual([]);
  });

  it.each([
    [['--type', 'essay']],
    [['--since', 'last tuesday']],
  ])('refuses %j as a usage error (exit 2)', async (args) => {
    await originFails(repo, ['list', ...args], 2);
  });

  it('leaves a repository without memory as it was (no cache folder)', async () => {
    const bare = await makeRepo();
    expect((await originOk(['list'], { cwd: bare.dir })).stdout).toContain('No entries yet');
    expect((await origin(['show', 'dec-1234'], { cwd: bare.dir })).code).toBe(1);
    // The session commands too (an agent's hook may run start in any repository), and refine.
    await originOk(['start'], { cwd: bare.dir });
    await originOk(['recall', 'which database'], { cwd: bare.dir });
    expect((await originOk(['refine'], { cwd: bare.dir })).stdout).toContain('nothing to refine');
    expect(await originJson(['refine', '--dry-run', '--json'], { cwd: bare.dir })).toEqual({ merges: [], suggestions: [] });
    expect(existsSync(join(bare.dir, '.origin'))).toBe(false);
    expect((await bare.git.status()).isClean()).toBe(true);
  });

  it('refuses a status no entry could have (exit 2), and takes one a hand-edited entry has', async () => {
    const r = await originFails(repo, ['list', '--status', 'opne'], 2);
    expect(r.stderr).toContain('unknown status "opne"; use one of:');
    expect((await originFails(repo, ['recall', 'database', '--status', 'opne'], 2)).stderr).toContain('unknown status "opne"');
    const own = await initRepo(await makeRepo());
    writeEntry(own, { id: 'fup-1aaaaaaa', title: 'Waiting on the vendor', status: 'blocked', created: '2026-01-05T09:00:00Z' });
    expect(ids(await originJson<Listed[]>(['list', '--status', 'blocked'], { cwd: own.dir }))).toEqual(['fup-1aaaaaaa']);
    expect((await originOk(['list', '--status', 'done'], { cwd: own.dir })).stdout).toContain('No entries match');
  });

  it('orders by time, not by how the date is written (a hand-written offset, a date alone)', async () => {
    const r = await initRepo(await makeRepo());
    writeEntry(r, { id: 'dec-1aaaaaaa', title: 'Written at 09:00 in Paris (08:00 UTC)', created: '2026-01-05T09:00:00+01:00' });
    writeEntry(r, { id: 'dec-2bbbbbbb', title: 'Written at 08:30 UTC', created: '2026-01-05T08:30:00Z' });
    writeEntry(r, { id: 'dec-3ccccccc', title: 'A date alone', created: '2026-01-06' });
    expect(ids(await originJson<Listed[]>(['list'], { cwd: r.dir }))).toEqual(['dec-3ccccccc', 'dec-2bbbbbbb', 'dec-1aaaaaaa']);
    expect(ids(await originJson<Listed[]>(['list', '--oldest', '--limit', '1'], { cwd: r.dir }))).toEqual(['dec-1aaaaaaa']);
    // --since too: a date alone is midnight UTC, and 09:00+01:00 is after 07:45 UTC.
    expect(ids(await originJson<Listed[]>(['list', '--since', '2026-01-06T00:00:00Z'], { cwd: r.dir }))).toEqual(['dec-3ccccccc']);
    expect(ids(await originJson<Listed[]>(['list', '--since', '2026-01-05T07:45:00Z'], { cwd: r.dir }))).toEqual(['dec-3ccccccc', 'dec-2bbbbbbb', 'dec-1aaaaaaa']);
  });

  it('works through the ls alias', async () => {
    expect(ids(await originJson<Listed[]>(['ls', '--type', 'context', '--tag', 'none'], { cwd: repo.dir }))).toEqual([]);
  });
});

describe('a file named by hand', () => {
  it('is found by its id, and a capture expands a prefix of that id', async () => {
    const repo = await initRepo(await makeRepo());
    const path = writeEntry(repo, { id: 'dec-bbbbbbbb', title: 'API listens on port 8080' });
    const renamed = join(repo.dir, '.origin/decisions/api-port.md');
    renameSync(join(repo.dir, path), renamed);
    expect((await originJson<{ id: string }>(['show', 'dec-bbbb'], { cwd: repo.dir })).id).toBe('dec-bbbbbbbb');
    const added = await originJson<{ supersedes: string[] }>(['decision', 'API listens on port 9090', '--supersedes', 'dec-bbbb', '--json'], { cwd: repo.dir });
    expect(added.supersedes).toEqual(['dec-bbbbbbbb']);
  });
});

describe('origin show', () => {
  let repo: TestRepo;
  beforeAll(async () => {
    repo = await initRepo(await makeRepo());
    writeEntry(repo, { id: 'dec-7aaaaaaa', title: 'First seven', body: 'Body of the first.\n' });
    writeEntry(repo, { id: 'gtc-7bbbbbbb', title: 'Second seven', links: ['dec-7aaaaaaa'] });
    writeEntry(repo, { id: 'ctx-10cccccc', title: 'One zero', supersedes: [] });
    writeEntry(repo, { id: 'dec-8ddddddd', title: 'Newer', supersedes: ['dec-7aaaaaaa'], extra: 'reviewer: Bob\ndue: 2026-12-01' });
  });

  it('finds an entry by full id, by a prefix with the type, and by a prefix of the random part', async () => {
    for (const query of ['dec-7aaaaaaa', 'dec-7a', 'dec-7', '7a', '7aaaaaaa', 'DEC-7A']) {
      const json = await originJson<Listed>(['show', query], { cwd: repo.dir });
      expect(json.id, query).toBe('dec-7aaaaaaa');
    }
  });

  it('reads i, l and o in a query as 1, 1 and 0', async () => {
    expect((await originJson<Listed>(['show', 'ctx-lo'], { cwd: repo.dir })).id).toBe('ctx-10cccccc');
    expect((await originJson<Listed>(['show', 'IO'], { cwd: repo.dir })).id).toBe('ctx-10cccccc');
  });

  it('--json has every field, the body, derived relations, unknown keys under extra, and dates as strings', async () => {
    const json = await originJson<Record<string, unknown>>(['show', 'dec-7aaaaaaa'], { cwd: repo.dir });
    expect(json).toMatchObject({
      id: 'dec-7aaaaaaa',
      type: 'decision',
      title: 'First seven',
      status: 'superseded',
      created: '2026-01-01T00:00:00Z',
      author: 'Hand Writer',
      path: '.origin/decisions/dec-7aaaaaaa-first-seven.md',
      superseded_by: ['dec-8ddddddd'],
      backlinks: ['gtc-7bbbbbbb'],
      body: 'Body of the first.\n',
    });
    const newer = await originJson<Record<string, unknown>>(['show', 'dec-8'], { cwd: repo.dir });
    expect(newer.extra).toEqual({ reviewer: 'Bob', due: '2026-12-01' });
    expect(newer.supersedes).toEqual(['dec-7aaaaaaa']);
  });

  it('prints the title, the id line, relations and the body as text, without ANSI escapes', async () => {
    const r = await originOk(['show', 'dec-7aaaaaaa'], { cwd: repo.dir });
    expect(r.stdout).not.toMatch(ANSI);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('First seven');
    expect(lines[1]).toMatch(/^dec-7aaaaaaa · decision · superseded · 2026-01-01T00:00:00Z \(\d+\w+ ago\) · Hand Writer via test$/);
    expect(r.stdout).toContain('superseded by: dec-8ddddddd');
    expect(r.stdout).toContain('linked from: gtc-7bbbbbbb');
    expect(r.stdout.endsWith('Body of the first.\n')).toBe(true);
  });

  it('lists the candidates of an ambiguous prefix on stderr and exits 1', async () => {
    const r = await originFails(repo, ['show', '7'], 1);
    expect(r.stderr).toContain('"7" matches 2 entries');
    expect(r.stderr).toMatch(/^ {2}dec-7aaaaaaa {2}decision {2}First seven$/m);
    expect(r.stderr).toMatch(/^ {2}gtc-7bbbbbbb {2}gotcha {4}Second seven$/m);
  });

  it('resolves an id merged into another entry (merged_from) to that entry', async () => {
    writeEntry(repo, { id: 'gtc-9eeeeeee', title: 'Canonical', extra: 'merged_from:\n  - gtc-9fffffff' });
    const json = await originJson<Record<string, unknown>>(['show', 'gtc-9fffffff'], { cwd: repo.dir });
    expect(json).toMatchObject({ id: 'gtc-9eeeeeee', merged_from: ['gtc-9fffffff'], resolved_from: 'gtc-9fffffff' });
    const text = await originOk(['show', 'gtc-9fffffff'], { cwd: repo.dir });
    expect(text.stdout.split('\n')[0]).toBe('(gtc-9fffffff was merged into gtc-9eeeeeee)');
    // A prefix of the merged id that no live id has, with or without the type.
    expect(await originJson<Record<string, unknown>>(['show', 'gtc-9fff'], { cwd: repo.dir })).toMatchObject({ id: 'gtc-9eeeeeee', resolved_from: 'gtc-9fffffff' });
    expect(await originJson<Record<string, unknown>>(['show', '9ffff'], { cwd: repo.dir })).toMatchObject({ id: 'gtc-9eeeeeee' });
  });

  it('resolve and edit through a merged id say which entry they change', async () => {
    writeEntry(repo, { id: 'fup-9eeeeeee', title: 'Expose pool metrics', status: 'open', extra: 'merged_from:\n  - fup-9fffffff' });
    const resolved = await originOk(['resolve', 'fup-9fffffff', '--note', 'Done in #42.', '--no-stage'], { cwd: repo.dir });
    expect(resolved.stderr).toContain('origin: note: fup-9fffffff was merged into fup-9eeeeeee; resolving fup-9eeeeeee');
    expect(resolved.stdout).toBe('fup-9eeeeeee done: Expose pool metrics\n');
    const edited = await originOk(['edit', 'fup-9fffffff', '--tag', 'db', '--no-stage'], { cwd: repo.dir });
    expect(edited.stderr).toContain('origin: note: fup-9fffffff was merged into fup-9eeeeeee; editing fup-9eeeeeee');
  });

  it('exits 1 for an id that matches nothing', async () => {
    const r = await originFails(repo, ['show', 'dec-zzzz'], 1);
    expect(r.stderr).toContain('no entry with id "dec-zzzz"');
  });

  it('finds an ambiguity among ids the CLI generated itself (capturing until two share a first character)', async () => {
    const fresh = await initRepo(await makeRepo());
    const made: string[] = [];
    let shared: string | undefined;
    while (!shared) {
      const id = await capture(fresh, ['context', `Entry ${made.length}`]);
      const first = id[4]!;
      if (made.some((m) => m[4] === first)) shared = first;
      made.push(id);
      expect(made.length).toBeLessThanOrEqual(33);
    }
    const r = await origin(['show', shared], { cwd: fresh.dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const expected = made.filter((id) => idMatches(id, shared));
    expect(expected.length).toBeGreaterThanOrEqual(2);
    expect(r.stderr).toContain(`"${shared}" matches ${expected.length} entries`);
    // (at most 20 candidates are listed; "c" would match every ctx- id)
    for (const id of made) {
      if (!expected.includes(id)) expect(r.stderr).not.toContain(id);
      else if (expected.length <= 20) expect(r.stderr).toContain(`  ${id}  context`);
    }
    // the full id of each still resolves
    for (const id of expected) expect((await originJson<Listed>(['show', id], { cwd: fresh.dir })).id).toBe(id);
  });
});
