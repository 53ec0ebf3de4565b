import { join } from 'node:path';
import { ENTRY_TYPES, type EntryType, TYPE_DIRS } from '../core/types.js';

/** Where things live under `.origin/`. Paths returned are absolute. */
export const ORIGIN_DIR = '.origin';
export const CACHE_DIR = '.cache';
export const WIKI_DIR = 'wiki';
export const TEMPLATES_DIR = 'templates';

export interface Layout {
  root: string;
  origin: string;
  config: string;
  cache: string;
  wiki: string;
  templates: string;
  typeDir(type: EntryType): string;
}

export function layoutFor(root: string): Layout {
  const origin = join(root, ORIGIN_DIR);
  return {
    root,
    origin,
    config: join(origin, 'config.yml'),
    cache: join(origin, CACHE_DIR),
    wiki: join(origin, WIKI_DIR),
    templates: join(origin, TEMPLATES_DIR),
    typeDir: (type) => join(origin, TYPE_DIRS[type]),
  };
}

/** Repo-relative, `/`-separated path of an entry file. */
export function entryRelPath(type: EntryType, fileName: string): string {
  return `${ORIGIN_DIR}/${TYPE_DIRS[type]}/${fileName}`;
}

export const ALL_TYPE_DIRS = ENTRY_TYPES.map((t) => ({ type: t, dir: TYPE_DIRS[t] }));
