import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { PostingsBuilder } from '../core/postings.js';
import { TYPE_DIRS } from '../core/types.js';
import { gitTry } from '../git/git.js';
import type { WorkingStatus } from '../git/status.js';
import { type EntryTable, type IndexedEntry, type TableMeta, encodeTable, tableFromFile, toIndexed } from './entry-table.js';
import { type IndexFile, readIndexFile, writeIndexFile } from './index-file.js';
import { RACY, folderChanges, folderMtimes, pathsUnder, trusted } from './folder-watch.js';
import { ORIGIN_DIR, type Layout } from './layout.js';
import { MemoryIndex, type PostingsView, type Segment, segmentOf } from './memory-index.js';
import { type FileProblem, listEntryFiles, parseStoredEntry } from './scan.js';

/**
 * The local index cache: kept fresh without stat-ing every file. Git already
 * knows what changed: `git status` (which the briefing runs anyway) lists
 * every entry file that differs from HEAD, and when HEAD moved (checkout,
 * pull, merge, rebase) `git diff-tree` between the tree the index was built
 * from and HEAD's lists what those changed. Only those files are read again;
 * when they are many, the whole index is rebuilt. What git does not report
 * (files it ignores) is caught by sizes and times: of every entry file when
 * HEAD has no `.origin`, of the ignored files known at build time, and of
 * the entry folders, whose mtimes move when a file is added or removed
 * (folder-watch.ts).
 *
 * Opening is split in two so that the file is read while `git status` runs
 * in its own process: `readCachedIndex` (no git needed), then `openIndex`
 * with the status.
 */
const ENTRY_FILE = new RegExp(`^${ORIGIN_DIR}/(${Object.values(TYPE_DIRS).join('|')})/[^/]+\\.md$`);

export function isEntryPath(path: string): boolean {
  return ENTRY_FILE.test(path) && !path.slice(path.lastIndexOf('/') + 1).startsWith('.');
}

interface IndexHeader {
  /** HEAD commit and tree of `.origin` when the index was built. */
  head: string;
  tree: string;
  /** [mtimeMs, size] of entry files that differed from HEAD at build time (mtime RACY when too recent to be trusted). */
  sig: Record<string, [number, number]>;
  /**
   * Entry files git does not see though HEAD has a `.origin`: ignored ones
   * (a folder or new files ignored, or `.origin/` ignored after its first
   * commit), and files behind a symlinked folder. With their [mtimeMs,
   * size]: git status never reports their edits.
   */
  unseen: Record<string, [number, number]>;
  /** mtimeMs of each entry folder before it was listed (absent: no folder): a file added or removed there moves it (see folder-watch.ts). */
  folderMtimes: Record<string, number>;
  /** Random per build: what folder-watch.ts found since is kept under it. */
  buildId: string;
  problems: FileProblem[];
  table: TableMeta;
}

/** A cache file opened and decoded, not yet checked against the working tree. */
export interface CachedIndex {
  file: IndexFile<IndexHeader>;
  segment: Segment;
  /** The index over the cache as it is (see presumedIndex()), once made. */
  presumed?: MemoryIndex;
}

function indexPath(layout: Layout): string {
  return join(layout.cache, 'index.bin');
}

/** Reads the cache file, if there is a usable one. */
export function readCachedIndex(layout: Layout): CachedIndex | undefined {
  const file = readIndexFile<IndexHeader>(indexPath(layout));
  if (!file) return undefined;
  try {
    const table = tableFromFile(file, file.header.table);
    const termText = file.bytes('terms').toString('utf8');
    // (a store can hold entries and no index terms: every word a stop word)
    const terms = termText ? termText.split('\n') : [];
    const offsets = file.u32('offsets');
    const docLen = file.f32('docLen');
    // The relation columns are read only by lookups: checked here, so that a damaged file is rebuilt rather than failing them.
    if (offsets.length !== terms.length + 1 || docLen.length !== table.count || !file.has('relations')) throw new Error('damaged');
    const { sig, unseen, folderMtimes, buildId } = file.header;
    if (!isObject(sig) || !isObject(unseen) || !isObject(folderMtimes) || typeof buildId !== 'string') throw new Error('damaged');
    const postings: PostingsView = {
      terms,
      offsets,
      docLen,
      postings(t) {
        const start = offsets[t] as number;
        const n = (offsets[t + 1] as number) - start;
        const docs = new Uint32Array(n);
        const weights = new Float32Array(n);
        file.slice32('postDocs', start, n, docs);
        file.slice32('postWeights', start, n, weights);
        return { docs, weights };
      },
    };
    return { file, segment: { table, postings } };
  } catch {
    file.close();
    return undefined;
  }
}

function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null;
}

function originTree(root: string, head: string): string {
  if (!head) return '';
  const r = gitTry(root, ['rev-parse', '-q', '--verify', `${head}:${ORIGIN_DIR}`]);
  return r.ok ? r.stdout.trim() : '';
}

/**
 * Entry files that differ from HEAD now (untracked folders expanded). When
 * HEAD holds no `.origin` at all (`noTree`), every entry file does: that is
 * a store not committed yet, or one git ignores (a personal store kept out
 * of the repository), whose new, edited and deleted files git status never
 * reports; their sizes and times are checked instead.
 */
function dirtyEntryPaths(layout: Layout, status: WorkingStatus, noTree: boolean): Set<string> {
  const out = new Set<string>(noTree ? listEntryFiles(layout) : []);
  for (const c of status.changed) {
    if (c.path.endsWith('/')) {
      if (c.path === `${ORIGIN_DIR}/` || c.path.startsWith(`${ORIGIN_DIR}/`)) {
        for (const p of listEntryFiles(layout)) if (p.startsWith(c.path)) out.add(p);
      }
      continue;
    }
    if (isEntryPath(c.path)) out.add(c.path);
    if (c.from && isEntryPath(c.from)) out.add(c.from);
  }
  return out;
}

function signature(root: string, path: string): [number, number] | undefined {
  try {
    const s = statSync(join(root, path));
    return [s.mtimeMs, s.size];
  } catch {
    return undefined;
  }
}

/**
 * [mtimeMs, size] of a file, taken before it is read: an edit after that
 * moves its mtime past the one recorded, unless it lands in the same tick
 * of the file clock, so an mtime that recent is recorded as RACY and the
 * file is read again on every open (see folder-watch.ts).
 */
function recordedSignature(root: string, path: string, now: number): [number, number] | undefined {
  const s = signature(root, path);
  return s && [trusted(s[0], now), s[1]];
}

/** Whether a file's signature now is still the one recorded. */
function sameSignature(was: [number, number] | undefined, now: [number, number] | undefined): boolean {
  return was !== undefined && now !== undefined && was[0] !== RACY && was[0] === now[0] && was[1] === now[1];
}

/** Entry paths git tracks in its index (`git ls-files`), or undefined when git cannot tell. */
function trackedEntryPaths(root: string): Set<string> | undefined {
  const r = gitTry(root, ['ls-files', '-z', '--', ORIGIN_DIR]);
  return r.ok ? new Set(r.stdout.split('\0')) : undefined;
}

export interface OpenIndexResult {
  index: MemoryIndex;
  /** How the index was obtained, for benchmarks and debugging. */
  mode: 'cached' | 'updated' | 'rebuilt';
  changed: number;
}

/** Rebuild instead of patching once this many entries changed since the last build. */
function rebuildThreshold(docCount: number): number {
  return Math.max(200, Math.floor(docCount / 100));
}

/**
 * The index as the cache holds it, assuming nothing changed since it was
 * written: what a caller may work on while git status runs. openIndex()
 * returns this very object when the status proves the cache current.
 */
export function presumedIndex(cached: CachedIndex): MemoryIndex {
  cached.presumed ??= new MemoryIndex(cached.segment, [], [], cached.file.header.problems);
  return cached.presumed;
}

/**
 * The index, fresh for the working tree described by `status`: the cached
 * one patched with what changed, or rebuilt. `cached` is what
 * `readCachedIndex` returned (read again when not given).
 */
export function openIndex(layout: Layout, status: WorkingStatus, cached: CachedIndex | undefined = readCachedIndex(layout)): OpenIndexResult {
  if (!cached) return { index: rebuildIndex(layout, status), mode: 'rebuilt', changed: -1 };
  const { file, segment } = cached;
  const header = file.header;
  const rebuild = (changed: number): OpenIndexResult => {
    file.close();
    return { index: rebuildIndex(layout, status), mode: 'rebuilt', changed };
  };
  const tree = status.head === header.head ? header.tree : originTree(layout.root, status.head);
  const dirty = dirtyEntryPaths(layout, status, tree === '');
  const changed = new Set<string>();
  for (const p of dirty) if (!sameSignature(header.sig[p], signature(layout.root, p))) changed.add(p);
  for (const p of Object.keys(header.sig)) if (!dirty.has(p)) changed.add(p);
  if (status.head !== header.head) {
    if (tree !== header.tree) {
      if (!tree || !header.tree) return rebuild(-1);
      const diff = gitTry(layout.root, ['diff-tree', '-r', '--name-only', '-z', header.tree, tree]);
      if (!diff.ok) return rebuild(-1);
      for (const p of diff.stdout.split('\0')) if (p) changed.add(`${ORIGIN_DIR}/${p}`);
    }
  }
  if (tree !== '') {
    // What git status cannot report (see IndexHeader.unseen and folder-watch.ts).
    for (const [p, was] of Object.entries(header.unseen)) if (!sameSignature(was, signature(layout.root, p))) changed.add(p);
    const knownPaths = (prefix: string) => [...(segment.table.count ? pathsUnder(file.bytes('paths'), prefix) : []), ...header.problems.map((p) => p.path).filter((p) => p.startsWith(prefix))];
    for (const p of folderChanges(layout, { buildId: header.buildId, mtimes: header.folderMtimes, knownPaths })) changed.add(p);
  }
  const entryChanges = [...changed].filter(isEntryPath).sort();
  if (entryChanges.length > rebuildThreshold(segment.table.count)) return rebuild(entryChanges.length);
  const changedSet = new Set(entryChanges);
  const problems = header.problems.filter((p) => !changedSet.has(p.path));
  const masked: number[] = [];
  const delta: ConstructorParameters<typeof MemoryIndex>[2] = [];
  const docAt = pathFinder(file, segment.table);
  for (const path of entryChanges) {
    const at = docAt(path);
    if (at >= 0) masked.push(at);
    let text: string;
    try {
      text = readFileSync(join(layout.root, path), 'utf8');
    } catch {
      continue; // deleted
    }
    try {
      const entry = parseStoredEntry(text, path);
      delta.push({ entry: toIndexed(entry), doc: entry });
    } catch (err) {
      problems.push({ path, reason: (err as Error).message });
    }
  }
  if (entryChanges.length === 0) return { index: presumedIndex(cached), mode: 'cached', changed: 0 };
  const index = new MemoryIndex(segment, masked, delta, problems);
  return { index, mode: 'updated', changed: entryChanges.length };
}

const ID_IN_NAME = /^([a-z]{3}-[0-9a-z]{8})(?:-|\.md$)/;

/**
 * The doc of an entry file in the cached table, or -1. Entry files are named
 * after their id, so the id column finds the doc without decoding every
 * path; a file named otherwise falls back to the paths section.
 */
function pathFinder(file: IndexFile<IndexHeader>, table: EntryTable): (path: string) => number {
  let paths: string[] | undefined;
  return (path) => {
    const id = ID_IN_NAME.exec(basename(path))?.[1];
    if (id) {
      for (let d = table.ids.indexOf(id); d >= 0; d = table.ids.indexOf(id, d + 1)) if (table.row(d).path === path) return d;
    }
    paths ??= table.count ? file.bytes('paths').toString('utf8').split('\n') : [];
    return paths.indexOf(path);
  };
}

/** Reads every entry file, builds the index, and writes the cache (best effort). */
export function rebuildIndex(layout: Layout, status: WorkingStatus): MemoryIndex {
  // Folder times and file signatures are taken before the files are read: a change after that moves them past what is recorded.
  const now = Date.now();
  const mtimes = folderMtimes(layout);
  const tree = originTree(layout.root, status.head);
  const dirty = dirtyEntryPaths(layout, status, tree === '');
  const sig: Record<string, [number, number]> = {};
  for (const p of dirty) {
    const s = recordedSignature(layout.root, p, now);
    if (s) sig[p] = s;
  }
  const files = listEntryFiles(layout);
  // Files neither tracked nor reported by the status: ignored, or behind a symlinked folder.
  const unseen: Record<string, [number, number]> = {};
  const tracked = tree === '' ? undefined : trackedEntryPaths(layout.root);
  if (tracked) {
    for (const p of files) {
      if (tracked.has(p) || dirty.has(p)) continue;
      const s = recordedSignature(layout.root, p, now);
      if (s) unseen[p] = s;
    }
  }
  // Streamed: each entry's text is indexed and dropped before the next is read.
  const builder = new PostingsBuilder();
  const indexed: IndexedEntry[] = [];
  const problems: FileProblem[] = [];
  for (const path of files) {
    try {
      const entry = parseStoredEntry(readFileSync(join(layout.root, path), 'utf8'), path);
      builder.add(entry);
      indexed.push(toIndexed(entry));
    } catch (err) {
      problems.push({ path, reason: (err as Error).message });
    }
  }
  const postings = builder.finish();
  const segment = segmentOf(indexed, postings);
  const { meta, sections } = encodeTable(indexed, segment.table);
  const header: IndexHeader = { head: status.head, tree, sig, unseen, folderMtimes: mtimes, buildId: randomBytes(8).toString('hex'), problems, table: meta };
  // A repository without memory is left as it was: no cache folder to show up in git status.
  if (existsSync(layout.origin)) {
    try {
      writeIndexFile(indexPath(layout), header, [
        ...sections,
        ['paths', Buffer.from(indexed.map((e) => e.path).join('\n'), 'utf8')],
        ['terms', Buffer.from(postings.terms.join('\n'), 'utf8')],
        ['offsets', postings.offsets],
        ['docLen', postings.docLen],
        ['postDocs', postings.docs],
        ['postWeights', postings.weights],
      ]);
    } catch {
      // A read-only checkout still works, only without a cache.
    }
  }
  return new MemoryIndex(segment, [], [], problems);
}
