import { mkdirSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_TYPE_DIRS, type Layout, ORIGIN_DIR } from './layout.js';

/**
 * Entry files added or removed behind git's back. git status reports no
 * ignored file, so a store ignored after its first commit, or one with an
 * ignored folder, would get new entries the index cache never sees. Adding
 * or removing a file moves its folder's mtime: the cache records each entry
 * folder's mtime when it is built, and a folder that moved since is listed
 * and compared with the paths the cache knows there.
 *
 * Most often a folder moved because origin wrote a file there, which git
 * status reports too; but listing a folder of 40k files costs ~70 ms, too
 * much to pay on every recall until the next rebuild. So what a listing
 * found is kept beside the cache (`folders.json`), under the folder's mtime
 * and the build of the cache, and reused while neither changes.
 */

/**
 * How recent a folder's mtime must not be for it to be trusted. File times
 * tick coarsely (a few ms on Linux, 1-2 s on HFS+ and FAT), so a file added
 * in the same tick as a listing leaves the folder's mtime where the listing
 * saw it: like git's "racily clean" entries, an mtime that recent is not
 * kept, and the folder is listed again next time.
 */
const RACY_MS = 2000;

/** The mtime recorded for what is not to be trusted yet (see RACY_MS): it never equals a real one. */
export const RACY = -1;

/** An mtime, or RACY when it is too recent to be trusted. */
export function trusted(mtimeMs: number, now = Date.now()): number {
  return now - mtimeMs < RACY_MS ? RACY : mtimeMs;
}

/** mtimeMs of every entry folder that exists (RACY when too recent). Taken before a rebuild lists them, so that a file added meanwhile moves its folder past the mtime recorded. */
export function folderMtimes(layout: Layout): Record<string, number> {
  const out: Record<string, number> = {};
  const now = Date.now();
  for (const { dir } of ALL_TYPE_DIRS) {
    try {
      out[dir] = trusted(statSync(join(layout.origin, dir)).mtimeMs, now);
    } catch {
      // no such folder
    }
  }
  return out;
}

interface FolderFindings {
  /** The build of the cache file the findings hold for. */
  buildId: string;
  /** Per folder: its mtime when listed, and the paths found added or gone then. */
  dirs: Record<string, { mtime: number; paths: string[] }>;
}

export interface CacheFolders {
  /** The cache file's build (random per build). */
  buildId: string;
  /** Folder mtimes recorded at build time (see folderMtimes()). */
  mtimes: Record<string, number>;
  /** The paths the cache knows under a folder prefix (`.origin/decisions/`): its entries', and the files it could not parse. */
  knownPaths(prefix: string): string[];
}

function findingsPath(cacheDir: string): string {
  return join(cacheDir, 'folders.json');
}

function readFindings(cacheDir: string, buildId: string): FolderFindings {
  try {
    const found = JSON.parse(readFileSync(findingsPath(cacheDir), 'utf8')) as FolderFindings;
    if (found.buildId === buildId && found.dirs && typeof found.dirs === 'object') {
      for (const [dir, f] of Object.entries(found.dirs)) if (typeof f?.mtime !== 'number' || !Array.isArray(f.paths)) delete found.dirs[dir];
      return found;
    }
  } catch {
    // none yet, or damaged: listed again
  }
  return { buildId, dirs: {} };
}

function writeFindings(cacheDir: string, findings: FolderFindings): void {
  const path = findingsPath(cacheDir);
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(tmp, JSON.stringify(findings));
    renameSync(tmp, path);
  } catch {
    // best effort: a read-only checkout lists the folder again next time
  }
}

/**
 * Entry files of the moved folders that the cache does not know, and the
 * ones it knows that are gone (tracked ones too: git status reports those
 * as well, and a path twice is harmless).
 */
export function folderChanges(layout: Layout, cache: CacheFolders): string[] {
  const now = folderMtimes(layout);
  const moved = ALL_TYPE_DIRS.map((t) => t.dir).filter((dir) => cache.mtimes[dir] !== now[dir] || now[dir] === RACY);
  if (moved.length === 0) return [];
  const findings = readFindings(layout.cache, cache.buildId);
  const out: string[] = [];
  let listed = false;
  for (const dir of moved) {
    // (0 for a folder that is gone: no real folder has that mtime)
    const mtime = now[dir] ?? 0;
    let found = mtime === RACY ? undefined : findings.dirs[dir];
    if (!found || found.mtime !== mtime) {
      found = { mtime, paths: compareFolder(layout, dir, cache) };
      // A racy listing is used, not kept.
      if (mtime !== RACY) {
        findings.dirs[dir] = found;
        listed = true;
      }
    }
    out.push(...found.paths);
  }
  if (listed) writeFindings(layout.cache, findings);
  return out;
}

function compareFolder(layout: Layout, dir: string, cache: CacheFolders): string[] {
  const prefix = `${ORIGIN_DIR}/${dir}/`;
  let names: string[] = [];
  try {
    names = readdirSync(join(layout.origin, dir));
  } catch {
    // removed: every file it held is gone
  }
  const known = new Set(cache.knownPaths(prefix));
  const listed = new Set<string>();
  const out: string[] = [];
  for (const name of names) {
    if (!name.endsWith('.md') || name.startsWith('.')) continue;
    const path = prefix + name;
    listed.add(path);
    if (!known.has(path)) out.push(path);
  }
  for (const path of known) if (!listed.has(path)) out.push(path);
  return out.sort();
}

/**
 * The paths under one folder in the cache's sorted, newline-separated paths
 * section: one run of lines, decoded alone (a folder prefix cannot occur
 * inside a path other than at its start).
 */
export function pathsUnder(paths: Buffer, prefix: string): string[] {
  const first = paths.indexOf(prefix);
  if (first < 0) return [];
  const end = paths.indexOf(10, paths.lastIndexOf(prefix));
  return paths.toString('utf8', first, end < 0 ? paths.length : end).split('\n');
}
