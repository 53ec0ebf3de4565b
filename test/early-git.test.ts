import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startEarlyGit, takeEarlyGit } from '../src/git/early.js';
import { makeRepo } from './helpers/repo.js';

describe('git started from the entry point', () => {
  it('hands a briefing its status and log once, for the same repository only', async () => {
    const repo = await makeRepo();
    startEarlyGit(['start', '--json'], repo.dir, {});
    expect(takeEarlyGit(repo.dir, 'status')).toBeUndefined();
    expect(takeEarlyGit('/elsewhere', 'briefing')).toBeUndefined();
    const early = takeEarlyGit(repo.dir, 'briefing');
    expect(early).toBeDefined();
    expect((await early?.status)?.branch).toBe('main');
    const log = await early?.log;
    expect(log?.ok).toBe(true);
    expect(log?.stdout).toContain('initial commit');
    expect(takeEarlyGit(repo.dir, 'briefing')).toBeUndefined();
  });

  it('starts nothing for commands that do not read the index, for --at, -C or help, or outside a repository', async () => {
    const repo = await makeRepo();
    for (const argv of [['init'], ['start', '--at', 'HEAD~1'], ['start', '-C', '/tmp'], ['recall', '--help']]) {
      startEarlyGit(argv, repo.dir, {});
      expect(takeEarlyGit(repo.dir, 'briefing') ?? takeEarlyGit(repo.dir, 'status')).toBeUndefined();
    }
    startEarlyGit(['recall', 'x'], repo.dir, {});
    expect(await takeEarlyGit(repo.dir, 'status')?.status).toMatchObject({ branch: 'main' });
  });

  it('starts nothing outside a repository', () => {
    const dir = mkdtempSync(join(tmpdir(), 'origin-norepo-'));
    try {
      startEarlyGit(['start'], dir, {});
      expect(takeEarlyGit(dir, 'briefing')).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
