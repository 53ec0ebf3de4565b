import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commitsIn, defaultBranch } from '../src/git/async.js';
import { refReader } from '../src/git/refs.js';
import { makeRepo } from './helpers/repo.js';

/** What git itself answers, to compare the file-based reader with. */
async function viaGit(dir: string): Promise<string | undefined> {
  return defaultBranch(dir, undefined, { GIT_DIR: join(dir, '.git') });
}

describe('default branch without spawning git', () => {
  it('finds a loose main branch, then the same after the refs are packed', async () => {
    const repo = await makeRepo();
    expect(refReader(repo.dir, {})?.hasBranch('main')).toBe(true);
    expect(await defaultBranch(repo.dir, undefined, {})).toBe('main');
    await repo.git.raw(['pack-refs', '--all']);
    expect(refReader(repo.dir, {})?.hasBranch('main')).toBe(true);
    expect(refReader(repo.dir, {})?.hasBranch('master')).toBe(false);
    expect(await defaultBranch(repo.dir, undefined, {})).toBe(await viaGit(repo.dir));
  });

  it('prefers origin/HEAD, and answers the same from a linked worktree', async () => {
    const repo = await makeRepo();
    await repo.git.raw(['branch', 'trunk']);
    await repo.git.raw(['update-ref', 'refs/remotes/origin/trunk', 'HEAD']);
    await repo.git.raw(['symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/trunk']);
    expect(await defaultBranch(repo.dir, undefined, {})).toBe('trunk');
    expect(await viaGit(repo.dir)).toBe('trunk');
    const wt = `${repo.dir}-wt`;
    await repo.git.raw(['worktree', 'add', '-q', wt, '-b', 'feature']);
    try {
      expect(await defaultBranch(wt, undefined, {})).toBe('trunk');
    } finally {
      rmSync(wt, { recursive: true, force: true });
    }
  });

  it('answers undefined when there is no usual default branch, like git', async () => {
    const repo = await makeRepo();
    await repo.git.raw(['branch', '-m', 'main', 'develop']);
    expect(await defaultBranch(repo.dir, undefined, {})).toBeUndefined();
    expect(await viaGit(repo.dir)).toBeUndefined();
  });

  it('leaves redirected repositories to git', () => {
    expect(refReader('/nowhere', { GIT_DIR: '/elsewhere/.git' })).toBeUndefined();
  });
});

describe('commit log without memory files', () => {
  it('keeps commits that touched only .origin/ but lists only the other files', async () => {
    const repo = await makeRepo();
    repo.write('.origin/decisions/dec-00000001-a.md', 'x\n');
    repo.write('src/app.ts', 'export {};\n');
    await repo.commitAll('code and memory');
    repo.write('.origin/decisions/dec-00000002-b.md', 'y\n');
    await repo.commitAll('memory only');
    const log = await commitsIn(repo.dir, 'HEAD', 10, { exclude: '.origin' });
    expect(log?.commits.map((c) => c.subject)).toEqual(['memory only', 'code and memory', 'initial commit']);
    expect(log?.commits[0]?.files).toEqual([]);
    expect(log?.commits[1]?.files).toEqual(['src/app.ts']);
    expect(log?.files).toEqual(['README.md', 'src/app.ts']);
  });
});
