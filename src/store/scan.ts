import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { EntryError, parseEntry } from '../core/entry.js';
import { type StoredEntry, TYPE_DIRS } from '../core/types.js';
import { ALL_TYPE_DIRS, type Layout, ORIGIN_DIR } from './layout.js';

/**
 * Reads every entry file from disk. A malformed file is skipped and reported
 * in `problems` (path and reason) so that one bad file never stops a command.
 */
export interface ScanResult {
  entries: StoredEntry[];
  problems: FileProblem[];
}

export interface FileProblem {
  path: string;
  reason: string;
}

/** Repo-relative paths of all entry files (`.origin/<type dir>/*.md`), sorted. */
export function listEntryFiles(layout: Layout): string[] {
  const out: string[] = [];
  for (const { dir } of ALL_TYPE_DIRS) {
    let names: string[];
    try {
      names = readdirSync(join(layout.origin, dir));
    } catch {
      continue;
    }
    for (const name of names) if (name.endsWith('.md') && !name.startsWith('.')) out.push(`${ORIGIN_DIR}/${dir}/${name}`);
  }
  return out.sort();
}

export function readEntryFile(root: string, relPath: string): StoredEntry {
  const text = readFileSync(join(root, relPath), 'utf8');
  return parseStoredEntry(text, relPath);
}

/** Parses one entry file's text and checks it sits in the folder of its type. */
export function parseStoredEntry(text: string, relPath: string): StoredEntry {
  const entry = parseEntry(text);
  const folder = relPath.split('/').slice(-2, -1)[0];
  if (folder !== TYPE_DIRS[entry.type]) {
    throw new EntryError(`its type is "${entry.type}", but it is in ${folder}/ (a ${entry.type} belongs in ${ORIGIN_DIR}/${TYPE_DIRS[entry.type]}/)`);
  }
  return { ...entry, path: relPath };
}

export function scanStore(layout: Layout): ScanResult {
  const entries: StoredEntry[] = [];
  const problems: FileProblem[] = [];
  // Two files with one id (a copied file, or two branches that drew the same id): the second in path order is left out, and said.
  const pathOf = new Map<string, string>();
  for (const rel of listEntryFiles(layout)) {
    try {
      const entry = readEntryFile(layout.root, rel);
      const first = pathOf.get(entry.id);
      if (first !== undefined) {
        problems.push({ path: rel, reason: `duplicate id ${entry.id}: ${first} has it too; give one of them a fresh id (its id: line and its file name)` });
        continue;
      }
      pathOf.set(entry.id, rel);
      entries.push(entry);
    } catch (err) {
      problems.push({ path: rel, reason: err instanceof Error ? err.message : String(err) });
    }
  }
  return { entries, problems };
}
