import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRepo, origin, originJson, originOk } from './helpers/repo.js';

/**
 * The local index cache (.origin/.cache/index.bin) must answer as if every
 * file had been read again, whatever changed the files: origin, git
 * (checkout, merge, rebase, pull), or an editor.
 */
type Hit = { id: string; title: string; snippet: string };
const recall = (dir: string, q: string) => originJson<Hit[]>(['recall', q], { cwd: dir });
const ids = async (dir: string, q: string) => (await recall(dir, q)).map((h) => h.id);

describe('the index cache', () => {
  it('is built on first use and reused', async () => {
    const repo = await makeRepo();
    const id = (await originOk(['decision', 'Use PostgreSQL for persistence'], { cwd: repo.dir })).stdout.trim();
    expect(await ids(repo.dir, 'postgresql')).toEqual([id]);
    expect(existsSync(join(repo.dir, '.origin/.cache/index.bin'))).toBe(true);
    const timed = await origin(['recall', 'postgresql'], { cwd: repo.dir, env: { ORIGIN_TIMING: '1' } });
    expect(timed.stderr).toMatch(/index (cached|updated)/);
  });

  it('is reused when no entry yields an index term (every word a stop word)', async () => {
    const repo = await makeRepo();
    await originOk(['decision', 'Use it', 'because'], { cwd: repo.dir });
    await repo.commitAll('memory');
    await originOk(['start', '--no-record'], { cwd: repo.dir });
    const timed = await origin(['start', '--no-record'], { cwd: repo.dir, env: { ORIGIN_TIMING: '1' } });
    expect(timed.stderr).toMatch(/index cached/);
  });

  it('follows git checkout between branches with different entries', async () => {
    const repo = await makeRepo();
    const onMain = (await originOk(['gotcha', 'Redis evicts keys under memory pressure'], { cwd: repo.dir })).stdout.trim();
    await repo.commitAll('main memory');
    await repo.git.checkoutLocalBranch('feature');
    const onFeature = (await originOk(['gotcha', 'Kafka consumers rebalance on deploy'], { cwd: repo.dir })).stdout.trim();
    await repo.commitAll('feature memory');
    expect(await ids(repo.dir, 'kafka rebalance')).toEqual([onFeature]);
    await repo.git.checkout('main');
    expect(await ids(repo.dir, 'kafka rebalance')).toEqual([]);
    expect(await ids(repo.dir, 'redis evicts')).toEqual([onMain]);
    await repo.git.checkout('feature');
    expect(await ids(repo.dir, 'kafka rebalance')).toEqual([onFeature]);
  });

  it('follows a merge and a rebase', async () => {
    const repo = await makeRepo();
    await originOk(['init'], { cwd: repo.dir });
    await repo.commitAll('init');
    await repo.git.checkoutLocalBranch('a');
    const a = (await originOk(['decision', 'Adopt OpenTelemetry tracing'], { cwd: repo.dir })).stdout.trim();
    await repo.commitAll('a');
    await repo.git.checkout('main');
    await repo.git.checkoutLocalBranch('b');
    const b = (await originOk(['decision', 'Adopt Terraform for infrastructure'], { cwd: repo.dir })).stdout.trim();
    await repo.commitAll('b');
    expect(await ids(repo.dir, 'adopt')).toEqual([b]);
    await repo.git.merge(['a', '--no-edit']);
    expect((await ids(repo.dir, 'adopt')).sort()).toEqual([a, b].sort());
    await repo.git.checkout('a');
    expect(await ids(repo.dir, 'adopt')).toEqual([a]);
    await repo.git.rebase(['b']);
    expect((await ids(repo.dir, 'adopt')).sort()).toEqual([a, b].sort());
  });

  it('sees an editor changing a file in place, adding a file and deleting one', async () => {
    const repo = await makeRepo();
    const id = (await originOk(['context', 'The API listens on port 8080'], { cwd: repo.dir })).stdout.trim();
    const other = (await originOk(['context', 'Staging is rebuilt nightly'], { cwd: repo.dir })).stdout.trim();
    await repo.commitAll('memory');
    expect(await ids(repo.dir, 'port 8080')).toEqual([id]);
    const path = join(repo.dir, (await originJson<{ path: string }>(['show', id], { cwd: repo.dir })).path);
    // Same length, same folder, written in place: only the content changes.
    writeFileSync(path, readFileSync(path, 'utf8').replace('port 8080', 'port 9090'));
    expect(await ids(repo.dir, '8080')).toEqual([]);
    expect(await ids(repo.dir, '9090')).toEqual([id]);
    // show and list read through the same cache: they see the edit too.
    expect((await originJson<{ title: string }>(['show', id], { cwd: repo.dir })).title).toBe('The API listens on port 9090');
    expect((await originJson<{ title: string }[]>(['list', '--type', 'context'], { cwd: repo.dir })).map((e) => e.title)).toContain('The API listens on port 9090');
    // A hand-written entry file appears.
    const text = readFileSync(path, 'utf8').replace(id, 'ctx-handmade').replace('port 9090', 'the metrics sidecar on 9102');
    writeFileSync(join(repo.dir, '.origin/context/ctx-handmade-sidecar.md'), text);
    expect(await ids(repo.dir, 'sidecar 9102')).toEqual(['ctx-handmade']);
    // A file deleted outside origin disappears.
    unlinkSync(join(repo.dir, (await originJson<{ path: string }>(['show', other], { cwd: repo.dir })).path));
    expect(await ids(repo.dir, 'nightly')).toEqual([]);
    expect((await origin(['show', other], { cwd: repo.dir })).code).toBe(1);
    expect((await originJson<{ id: string }[]>(['list'], { cwd: repo.dir })).map((e) => e.id).sort()).toEqual(['ctx-handmade', id].sort());
    // After a commit of all that, the answers stay the same.
    await repo.commitAll('edits');
    expect(await ids(repo.dir, '9090')).toEqual([id]);
    expect(await ids(repo.dir, 'sidecar 9102')).toEqual(['ctx-handmade']);
  });

  it('survives a damaged cache file and a malformed entry', async () => {
    const repo = await makeRepo();
    const id = (await originOk(['decision', 'Use feature flags for rollouts'], { cwd: repo.dir })).stdout.trim();
    await recall(repo.dir, 'feature flags');
    writeFileSync(join(repo.dir, '.origin/.cache/index.bin'), 'garbage');
    expect(await ids(repo.dir, 'feature flags')).toEqual([id]);
    writeFileSync(join(repo.dir, '.origin/decisions/dec-broken00-bad.md'), '---\nid: [unclosed\n---\nbody\n');
    const r = await origin(['recall', 'feature flags', '--json'], { cwd: repo.dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).map((h: Hit) => h.id)).toEqual([id]);
    expect(r.stderr.match(/warning/g)?.length).toBe(1);
    expect(r.stderr).toContain('dec-broken00-bad.md');
    rmSync(join(repo.dir, '.origin/.cache'), { recursive: true, force: true });
    expect(await ids(repo.dir, 'feature flags')).toEqual([id]);
  });

  it('rebuilds a cache cut short in its postings, though the query is scored while git status runs', async () => {
    // The postings are read only when a query is scored, and recall scores it
    // on the cache before git status says whether the cache must be rebuilt.
    const repo = await makeRepo();
    const id = (await originOk(['decision', 'Use feature flags for rollouts'], { cwd: repo.dir })).stdout.trim();
    await recall(repo.dir, 'feature flags');
    const cache = join(repo.dir, '.origin/.cache/index.bin');
    const bytes = readFileSync(cache);
    writeFileSync(cache, bytes.subarray(0, bytes.length - 24));
    await repo.commitAll('memory');
    const r = await origin(['recall', 'feature flags', '--json'], { cwd: repo.dir });
    expect(r.stderr).not.toContain('internal error');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).map((h: Hit) => h.id)).toEqual([id]);
  });

  it('ranks by the changes in the working tree though the recall ran ahead on the cache: an entry anchored to a changed file comes first', async () => {
    // Recall ranks on the cached index while git status runs, as if no file
    // had changed; the status then says a code file changed, and the entry
    // anchored to it must win the tie the ranking ahead broke the other way.
    const repo = await makeRepo();
    mkdirSync(join(repo.dir, 'src'), { recursive: true });
    writeFileSync(join(repo.dir, 'src/http.ts'), 'export {};\n');
    writeFileSync(join(repo.dir, 'src/queue.ts'), 'export {};\n');
    const http = (await originOk(['decision', 'Retry policy for the HTTP client', 'Retries with backoff.', '-a', 'src/http.ts'], { cwd: repo.dir })).stdout.trim();
    const queue = (await originOk(['decision', 'Retry policy for the queue consumer', 'Retries with backoff.', '-a', 'src/queue.ts'], { cwd: repo.dir })).stdout.trim();
    await repo.commitAll('code and memory');
    await recall(repo.dir, 'retry policy');
    const untouched = await ids(repo.dir, 'retry policy');
    const other = untouched[0] === http ? queue : http;
    writeFileSync(join(repo.dir, other === http ? 'src/http.ts' : 'src/queue.ts'), 'export const changed = 1;\n');
    expect((await ids(repo.dir, 'retry policy'))[0]).toBe(other);
  });

  it('follows a store that git ignores (a personal store kept out of the repository): new, edited and deleted entries', async () => {
    // git status never reports ignored files, so the cache cannot learn from it what changed.
    const repo = await makeRepo();
    writeFileSync(join(repo.dir, '.git/info/exclude'), '.origin/\n');
    const pg = (await originOk(['decision', 'Use Postgres for persistence'], { cwd: repo.dir })).stdout.trim();
    expect(await ids(repo.dir, 'postgres')).toEqual([pg]);
    const redis = (await originOk(['decision', 'Use Redis for caching', '--no-stage'], { cwd: repo.dir })).stdout.trim();
    expect(await ids(repo.dir, 'redis')).toEqual([redis]);
    const path = join(repo.dir, (await originJson<{ path: string }>(['show', pg], { cwd: repo.dir })).path);
    writeFileSync(path, readFileSync(path, 'utf8').replace('Use Postgres for persistence', 'Use MySQL for persistence now'));
    expect(await ids(repo.dir, 'mysql')).toEqual([pg]);
    unlinkSync(path);
    expect((await originJson<{ id: string }[]>(['list'], { cwd: repo.dir })).map((e) => e.id)).toEqual([redis]);
  });

  it('follows a store ignored after its first commit: entries added, edited and deleted behind git status', async () => {
    const repo = await makeRepo();
    const pg = (await originOk(['decision', 'Use Postgres for persistence'], { cwd: repo.dir })).stdout.trim();
    await repo.commitAll('memory');
    expect(await ids(repo.dir, 'postgres')).toEqual([pg]);
    writeFileSync(join(repo.dir, '.git/info/exclude'), '.origin/\n');
    // New files are now ignored; the committed one stays tracked.
    const redis = (await originOk(['decision', 'Use Redis for caching', '--no-stage'], { cwd: repo.dir })).stdout.trim();
    expect(await ids(repo.dir, 'redis')).toEqual([redis]);
    expect((await originJson<{ id: string }>(['show', redis], { cwd: repo.dir })).id).toBe(redis);
    const redisPath = join(repo.dir, (await originJson<{ path: string }>(['show', redis], { cwd: repo.dir })).path);
    writeFileSync(redisPath, readFileSync(redisPath, 'utf8').replace('Use Redis for caching', 'Use Memcached for caching'));
    expect(await ids(repo.dir, 'memcached')).toEqual([redis]);
    // The same once the cache was rebuilt with the ignored file in it: its edits are checked by size and time.
    rmSync(join(repo.dir, '.origin/.cache'), { recursive: true, force: true });
    expect(await ids(repo.dir, 'memcached')).toEqual([redis]);
    writeFileSync(redisPath, readFileSync(redisPath, 'utf8').replace('Use Memcached for caching', 'Use Valkey for caching now'));
    expect(await ids(repo.dir, 'valkey')).toEqual([redis]);
    expect((await originJson<{ title: string }>(['show', redis], { cwd: repo.dir })).title).toBe('Use Valkey for caching now');
    unlinkSync(redisPath);
    expect(await ids(repo.dir, 'valkey')).toEqual([]);
    expect((await originJson<{ id: string }[]>(['list'], { cwd: repo.dir })).map((e) => e.id)).toEqual([pg]);
  });

  it('follows an ignored folder of a committed store', async () => {
    const repo = await makeRepo();
    const pg = (await originOk(['decision', 'Use Postgres for persistence'], { cwd: repo.dir })).stdout.trim();
    await repo.commitAll('memory');
    writeFileSync(join(repo.dir, '.git/info/exclude'), '.origin/gotchas/\n');
    expect(await ids(repo.dir, 'postgres')).toEqual([pg]);
    const gotcha = (await originOk(['gotcha', 'Postgres drops idle connections after ten minutes', '--no-stage'], { cwd: repo.dir })).stdout.trim();
    expect((await ids(repo.dir, 'postgres')).sort()).toEqual([gotcha, pg].sort());
    expect((await originJson<{ id: string }[]>(['list', '--type', 'gotcha'], { cwd: repo.dir })).map((e) => e.id)).toEqual([gotcha]);
  });

  it('sees an edit of an ignored file that keeps its size and its mtime tick (racily clean, as git calls it)', async () => {
    const repo = await makeRepo();
    await originOk(['decision', 'Use Postgres for persistence'], { cwd: repo.dir });
    await repo.commitAll('memory');
    writeFileSync(join(repo.dir, '.git/info/exclude'), '.origin/followups/\n');
    const fup = (await originOk(['followup', 'Rotate the database password', '--no-stage'], { cwd: repo.dir })).stdout.trim();
    const path = join(repo.dir, (await originJson<{ path: string }>(['show', fup], { cwd: repo.dir })).path);
    // A time the file clock has not passed yet: too recent to be trusted when the cache is rebuilt now.
    const tick = new Date(Date.now() + 60_000);
    utimesSync(path, tick, tick);
    rmSync(join(repo.dir, '.origin/.cache'), { recursive: true, force: true });
    expect((await originJson<{ id: string }[]>(['list', '--status', 'open'], { cwd: repo.dir })).map((e) => e.id)).toEqual([fup]);
    writeFileSync(path, readFileSync(path, 'utf8').replace('status: open', 'status: done'));
    utimesSync(path, tick, tick);
    expect((await originJson<{ id: string }[]>(['list', '--status', 'open'], { cwd: repo.dir })).map((e) => e.id)).toEqual([]);
  });

  it('follows entries behind a symlinked folder that git ignores, edited in place', async () => {
    const repo = await makeRepo();
    await originOk(['decision', 'Use Postgres for persistence'], { cwd: repo.dir });
    await repo.commitAll('memory');
    const elsewhere = join(repo.dir, '..', `${basename(repo.dir)}-private-gotchas`);
    mkdirSync(elsewhere);
    rmSync(join(repo.dir, '.origin/gotchas'), { recursive: true, force: true });
    symlinkSync(elsewhere, join(repo.dir, '.origin/gotchas'));
    writeFileSync(join(repo.dir, '.git/info/exclude'), '.origin/gotchas\n');
    const gotcha = (await originOk(['gotcha', 'Redis evicts keys without a TTL first', '--no-stage'], { cwd: repo.dir })).stdout.trim();
    expect(await ids(repo.dir, 'redis')).toEqual([gotcha]);
    rmSync(join(repo.dir, '.origin/.cache'), { recursive: true, force: true });
    expect(await ids(repo.dir, 'redis')).toEqual([gotcha]);
    const path = join(repo.dir, (await originJson<{ path: string }>(['show', gotcha], { cwd: repo.dir })).path);
    writeFileSync(path, readFileSync(path, 'utf8').replace('Redis evicts keys', 'Valkey evicts keys'));
    expect(await ids(repo.dir, 'valkey')).toEqual([gotcha]);
    rmSync(elsewhere, { recursive: true, force: true });
  });

  it('rebuilds a cache that lacks the relation columns lookups read, instead of failing them', async () => {
    const repo = await makeRepo();
    const old = (await originOk(['decision', 'Use MySQL'], { cwd: repo.dir })).stdout.trim();
    const replacement = (await originOk(['decision', 'Use PostgreSQL', '--supersedes', old], { cwd: repo.dir })).stdout.trim();
    await repo.commitAll('memory');
    await recall(repo.dir, 'postgresql');
    const cache = join(repo.dir, '.origin/.cache/index.bin');
    const bytes = readFileSync(cache);
    const at = bytes.indexOf('"relations"');
    expect(at).toBeGreaterThan(0);
    bytes.write('"relationz"', at);
    writeFileSync(cache, bytes);
    const shown = await originJson<{ id: string; status: string; superseded_by: string[] }>(['show', old], { cwd: repo.dir });
    expect(shown).toMatchObject({ id: old, status: 'superseded', superseded_by: [replacement] });
  });
});
