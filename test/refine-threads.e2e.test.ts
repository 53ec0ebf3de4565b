import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serializeEntry } from '../src/core/serialize.js';
import { TYPE_DIRS } from '../src/core/types.js';
import { makeRepo, originJson, originOk, PROJECT_ROOT } from './helpers/repo.js';
import { templatedStore } from './helpers/templated-store.js';

// refine splits its neighbour search and pair scoring with worker threads on
// big stores (src/threads/refine-threads.ts). ORIGIN_THREADS forces a number of
// threads on a small store: the plan must be the same, byte for byte.

describe('origin refine on worker threads', () => {
  it('plans exactly as on one thread, and a threaded refine leaves nothing to do', async () => {
    const repo = await makeRepo();
    await originOk(['init'], { cwd: repo.dir });
    const store = templatedStore(600);
    // A few exact restatements, so that there is something to merge.
    for (const e of store.slice(0, 20)) store.push({ ...e, id: e.id.replace(/^(\w+)-0/, '$1-x'), created: '2026-01-01T00:00:00Z' });
    for (const e of store) repo.write(`.origin/${TYPE_DIRS[e.type]}/${e.id}.md`, serializeEntry(e));
    await repo.commitAll('templated store');

    const plan = async (threads: string) => (await originOk(['refine', '--dry-run', '--json'], { cwd: repo.dir, env: { ORIGIN_THREADS: threads } })).stdout;
    const one = await plan('1');
    expect(JSON.parse(one).merges.length).toBeGreaterThan(0);
    expect(await plan('2')).toBe(one);
    // The threads did run (ORIGIN_TIMING prints refine's phases on stderr).
    const timed = await originOk(['refine', '--dry-run', '--json'], { cwd: repo.dir, env: { ORIGIN_THREADS: '2', ORIGIN_TIMING: '1' } });
    expect(timed.stderr).toMatch(/verifying \d+ candidate pairs on 2 threads/);
    expect(await plan('3')).toBe(one);

    await originOk(['refine', '--commit'], { cwd: repo.dir, env: { ORIGIN_THREADS: '2' } });
    const again = await originJson<{ merges: unknown[] }>(['refine', '--dry-run', '--json'], { cwd: repo.dir, env: { ORIGIN_THREADS: '1' } });
    expect(again.merges).toEqual([]);
    await originOk(['refine', '--check'], { cwd: repo.dir, env: { ORIGIN_THREADS: '2' } });
  });

  it('goes on with one thread, and says so, when the worker cannot start', async () => {
    const repo = await makeRepo();
    await originOk(['init'], { cwd: repo.dir });
    const store = templatedStore(60);
    for (const e of store) repo.write(`.origin/${TYPE_DIRS[e.type]}/${e.id}.md`, serializeEntry(e));
    await repo.commitAll('templated store');
    const expected = (await originOk(['refine', '--dry-run', '--json'], { cwd: repo.dir, env: { ORIGIN_THREADS: '1' } })).stdout;

    // A copy of the built CLI whose worker bundle throws as it loads.
    const copy = mkdtempSync(join(tmpdir(), 'origin-broken-worker-'));
    try {
      for (const part of ['bin', 'dist', 'package.json']) cpSync(join(PROJECT_ROOT, part), join(copy, part), { recursive: true });
      symlinkSync(join(PROJECT_ROOT, 'node_modules'), join(copy, 'node_modules'));
      writeFileSync(join(copy, 'dist', 'refine-worker.cjs'), "throw new Error('broken worker bundle');\n");
      const run = spawnSync(process.execPath, [join(copy, 'bin', 'origin.js'), 'refine', '--dry-run', '--json'], {
        cwd: repo.dir,
        env: { ...process.env, NO_COLOR: '1', ORIGIN_THREADS: '2' },
        encoding: 'utf8',
      });
      expect(run.status).toBe(0);
      expect(run.stderr).toContain('origin: warning: refine\'s worker threads did not start');
      expect(run.stdout).toBe(expected);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
