import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type CacheFolders, folderChanges, folderMtimes, pathsUnder } from '../src/store/folder-watch.js';
import { layoutFor } from '../src/store/layout.js';

/**
 * The index cache's watch on entry folders (what git status cannot report:
 * files git ignores), on real folders and real file times.
 */
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function store(files: string[]) {
  const root = mkdtempSync(join(tmpdir(), 'origin-folders-'));
  dirs.push(root);
  const layout = layoutFor(root);
  mkdirSync(join(layout.origin, 'decisions'), { recursive: true });
  for (const f of files) writeFileSync(join(layout.origin, 'decisions', f), '---\n---\n');
  return layout;
}

/** Moves a folder's mtime back, as if it had last changed a while ago (out of the racy window). */
function age(path: string, seconds: number): void {
  const t = Date.now() / 1000 - seconds;
  utimesSync(path, t, t);
}

describe('the folder watch', () => {
  it('finds the files added to and removed from a folder that moved, and keeps what it found until the folder moves again', () => {
    const layout = store(['dec-1.md', 'dec-2.md']);
    const folder = join(layout.origin, 'decisions');
    age(folder, 60);
    const cache: CacheFolders = { buildId: 'build-1', mtimes: folderMtimes(layout), knownPaths: () => ['.origin/decisions/dec-1.md', '.origin/decisions/dec-2.md'] };
    expect(folderChanges(layout, cache)).toEqual([]);

    writeFileSync(join(folder, 'dec-3.md'), '---\n---\n');
    rmSync(join(folder, 'dec-1.md'));
    writeFileSync(join(folder, 'notes.txt'), 'not an entry');
    age(folder, 30);
    expect(folderChanges(layout, cache)).toEqual(['.origin/decisions/dec-1.md', '.origin/decisions/dec-3.md']);
    expect(existsSync(join(layout.cache, 'folders.json'))).toBe(true);

    // Kept: the same answer without listing the folder or reading the cache's paths again.
    const listing = { ...cache, knownPaths: (): string[] => { throw new Error('listed again'); } };
    expect(folderChanges(layout, listing)).toEqual(['.origin/decisions/dec-1.md', '.origin/decisions/dec-3.md']);
    // Not for another build of the cache.
    expect(folderChanges(layout, { ...cache, buildId: 'build-2', knownPaths: () => ['.origin/decisions/dec-2.md', '.origin/decisions/dec-3.md'] })).toEqual([]);
  });

  it('lists a folder that changed within the last moments every time, and keeps nothing of it (a file added in the same tick leaves its mtime alone)', () => {
    const layout = store(['dec-1.md']);
    const folder = join(layout.origin, 'decisions');
    const cache: CacheFolders = { buildId: 'b', mtimes: folderMtimes(layout), knownPaths: () => ['.origin/decisions/dec-1.md'] };
    expect(cache.mtimes.decisions).toBe(-1);
    const stamped = Date.now() / 1000;
    writeFileSync(join(folder, 'dec-2.md'), '---\n---\n');
    utimesSync(folder, stamped, stamped);
    expect(folderChanges(layout, cache)).toEqual(['.origin/decisions/dec-2.md']);
    expect(existsSync(join(layout.cache, 'folders.json'))).toBe(false);
  });

  it('reports every known file of a folder that is gone', () => {
    const layout = store(['dec-1.md']);
    age(join(layout.origin, 'decisions'), 60);
    const cache: CacheFolders = { buildId: 'b', mtimes: folderMtimes(layout), knownPaths: () => ['.origin/decisions/dec-1.md'] };
    rmSync(join(layout.origin, 'decisions'), { recursive: true });
    expect(folderChanges(layout, cache)).toEqual(['.origin/decisions/dec-1.md']);
    expect(JSON.parse(readFileSync(join(layout.cache, 'folders.json'), 'utf8')).buildId).toBe('b');
  });

  it('reads the paths under one folder out of the sorted paths section', () => {
    const paths = Buffer.from(['.origin/context/ctx-1.md', '.origin/decisions/dec-1.md', '.origin/decisions/dec-ü.md', '.origin/gotchas/gtc-1.md'].join('\n'));
    expect(pathsUnder(paths, '.origin/decisions/')).toEqual(['.origin/decisions/dec-1.md', '.origin/decisions/dec-ü.md']);
    expect(pathsUnder(paths, '.origin/gotchas/')).toEqual(['.origin/gotchas/gtc-1.md']);
    expect(pathsUnder(paths, '.origin/followups/')).toEqual([]);
  });
});
