import { chmodSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { capture, initRepo, pathOf, porcelain, staged } from './helpers/e2e.js';
import { type TestRepo, makeRepo, origin, originOk } from './helpers/repo.js';

/** Files changed by one commit. */
async function filesOf(repo: TestRepo, rev = 'HEAD'): Promise<string[]> {
  return (await repo.git.raw(['show', '--name-only', '--format=', rev])).split('\n').filter(Boolean).sort();
}

const subject = async (repo: TestRepo) => (await repo.git.raw(['log', '-1', '--format=%s'])).trim();
const headOf = async (repo: TestRepo) => (await repo.git.revparse(['HEAD'])).trim();

/** A repository where the user is in the middle of work: a staged new file, a staged change, an unstaged change, an untracked file. */
async function busyRepo(): Promise<TestRepo> {
  const repo = await initRepo(await makeRepo());
  repo.write('src/app.ts', 'v1\n');
  await repo.commitAll('app');
  repo.write('src/new.ts', 'new\n');
  repo.write('src/app.ts', 'v2\n');
  await repo.git.add(['src/new.ts', 'src/app.ts']);
  repo.write('README.md', '# changed, not staged\n');
  repo.write('scratch.txt', 'untracked\n');
  return repo;
}

const USER_STATE = ['A  src/new.ts', 'M  src/app.ts', ' M README.md', '?? scratch.txt'].sort();

describe('staging (the default)', () => {
  it('a capture stages exactly its new file and commits nothing', async () => {
    const repo = await busyRepo();
    const head = await headOf(repo);
    const id = await capture(repo, ['decision', 'Staged only']);
    expect(await headOf(repo)).toBe(head);
    expect(await staged(repo)).toEqual([pathOf(repo, id), 'src/app.ts', 'src/new.ts'].sort());
    expect(await porcelain(repo)).toEqual([...USER_STATE, `A  ${pathOf(repo, id)}`].sort());
  });

  it('--no-stage leaves the new file untracked', async () => {
    const repo = await initRepo(await makeRepo());
    const id = await capture(repo, ['gotcha', 'Not staged', '--no-stage']);
    expect(await staged(repo)).toEqual([]);
    expect(await porcelain(repo)).toEqual([`?? ${pathOf(repo, id)}`]);
  });
});

describe('--commit', () => {
  it('commits ONLY the memory file; what the user had staged stays staged and uncommitted', async () => {
    const repo = await busyRepo();
    const before = await headOf(repo);
    const id = await capture(repo, ['decision', 'Committed alone', 'Why.', '--commit']);
    const path = pathOf(repo, id);
    expect(await headOf(repo)).not.toBe(before);
    expect((await repo.git.raw(['rev-parse', 'HEAD~1'])).trim()).toBe(before);
    expect(await filesOf(repo)).toEqual([path]);
    expect(await subject(repo)).toBe(`origin: decision ${id}: Committed alone`);
    expect(await staged(repo)).toEqual(['src/app.ts', 'src/new.ts']);
    expect(await porcelain(repo)).toEqual(USER_STATE);
    // the staged content is the user's, untouched
    expect(await repo.git.raw(['show', ':src/app.ts'])).toBe('v2\n');
  });

  it('records the HEAD the entry was written at (the commit before its own)', async () => {
    const repo = await busyRepo();
    const before = await headOf(repo);
    const id = await capture(repo, ['context', 'Provenance with commit', '--commit']);
    // Quoted when it could read as a number in YAML 1.1 (a hash that starts with "0b", one in 256): either way the same string.
    expect(repo.read(pathOf(repo, id))).toMatch(new RegExp(`\ncommit: "?${before}"?\n`));
  });

  it('works for resolve, edit and supersede too, each committing only the file it changed', async () => {
    const repo = await busyRepo();
    const fup = await capture(repo, ['followup', 'To resolve', '--commit']);
    const oldDec = await capture(repo, ['decision', 'Old', '--commit']);
    const newDec = await capture(repo, ['decision', 'New', '--commit']);

    await originOk(['resolve', fup, '--commit', '-m', 'done'], { cwd: repo.dir });
    expect(await filesOf(repo)).toEqual([pathOf(repo, fup)]);
    expect(await subject(repo)).toBe(`origin: resolve ${fup}: To resolve`);

    await originOk(['edit', oldDec, '--tag', 'x', '--commit'], { cwd: repo.dir });
    expect(await filesOf(repo)).toEqual([pathOf(repo, oldDec)]);

    await originOk(['supersede', oldDec, '--by', newDec, '--commit'], { cwd: repo.dir });
    expect(await filesOf(repo)).toEqual([pathOf(repo, newDec)]);
    expect(await subject(repo)).toBe(`origin: ${newDec} supersedes ${oldDec}`);

    expect(await porcelain(repo)).toEqual(USER_STATE);
  });

  it('makes the first commit of a repository with no commits, holding only memory files', async () => {
    const repo = await makeRepo({ commit: false });
    repo.write('a.txt', 'a\n');
    await repo.git.add(['a.txt']);
    const id = await capture(repo, ['decision', 'Root commit', '--commit']);
    // The entry, and the .origin/ layout that this first capture set up: nothing of the user's.
    const files = await filesOf(repo);
    expect(files).toContain(pathOf(repo, id));
    expect(files.every((f) => f.startsWith('.origin/') || f === '.gitattributes')).toBe(true);
    expect(await staged(repo)).toEqual(['a.txt']);
  });

  it('does not run the repository hooks (agents must not be blocked by a pre-commit hook)', async () => {
    const repo = await busyRepo();
    chmodSync(repo.write('.git/hooks/pre-commit', '#!/bin/sh\necho blocked >&2\nexit 1\n'), 0o755);
    await expect(repo.git.commit('a user commit is blocked', ['--only', 'README.md'])).rejects.toThrow(/blocked|hook/);
    const id = await capture(repo, ['gotcha', 'Hook bypass', '--commit']);
    expect(await filesOf(repo)).toEqual([pathOf(repo, id)]);
  });
});

describe('autoCommit: true in .origin/config.yml', () => {
  async function autoRepo(): Promise<TestRepo> {
    const repo = await busyRepo();
    const config = repo.read('.origin/config.yml').replace('autoCommit: false', 'autoCommit: true');
    repo.write('.origin/config.yml', config);
    await repo.git.raw(['commit', '--only', '-m', 'autoCommit on', '--', '.origin/config.yml']);
    return repo;
  }

  it('commits each capture on its own, leaving the user staging alone', async () => {
    const repo = await autoRepo();
    const id = await capture(repo, ['gotcha', 'Auto committed']);
    expect(await filesOf(repo)).toEqual([pathOf(repo, id)]);
    expect(await subject(repo)).toBe(`origin: gotcha ${id}: Auto committed`);
    expect(await porcelain(repo)).toEqual(USER_STATE);
  });

  it('--no-commit only stages, even with autoCommit', async () => {
    const repo = await autoRepo();
    const head = await headOf(repo);
    const id = await capture(repo, ['gotcha', 'Only staged', '--no-commit']);
    expect(await headOf(repo)).toBe(head);
    expect(await staged(repo)).toEqual([pathOf(repo, id), 'src/app.ts', 'src/new.ts'].sort());
  });
});

describe('a repository whose .gitignore ignores .origin/', () => {
  async function ignoringRepo(): Promise<TestRepo> {
    const repo = await makeRepo();
    repo.write('.gitignore', '.origin/\n');
    await repo.commitAll('ignore .origin');
    return repo;
  }

  it('init and capture still succeed (exit 0), warn once that the files are not staged, and never force-add', async () => {
    const repo = await ignoringRepo();
    const init = await originOk(['init'], { cwd: repo.dir });
    expect(init.stderr).toContain('not staged');
    expect(init.stdout).toContain('These files are not staged.');
    expect(await staged(repo)).toEqual(['.gitattributes']);

    const r = await originOk(['decision', 'Written anyway'], { cwd: repo.dir });
    const id = r.stdout.trim();
    expect(id).toMatch(/^dec-[0-9a-z]{8}$/);
    expect(r.stderr.match(/warning/g)).toHaveLength(1);
    expect(r.stderr).toContain(`written but not staged: git ignores ${pathOf(repo, id)}`);
    expect(await staged(repo)).toEqual(['.gitattributes']);
  });

  it('--commit fails clearly (exit 1) and commits nothing', async () => {
    const repo = await ignoringRepo();
    await originOk(['init'], { cwd: repo.dir });
    const head = await headOf(repo);
    const r = await origin(['decision', 'Cannot commit', '--commit'], { cwd: repo.dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('matched by a .gitignore rule');
    expect(await headOf(repo)).toBe(head);
  });
});
