/**
 * The entry model: the five kinds of memory, their statuses, and the shape of
 * one entry as read from (and written to) a markdown file under `.origin/`.
 * Pure: no fs, git or terminal code anywhere in `src/core/`.
 */

export const ENTRY_TYPES = ['handoff', 'decision', 'gotcha', 'followup', 'context'] as const;
export type EntryType = (typeof ENTRY_TYPES)[number];

/** Folder under `.origin/` that holds each type (plural, as a person would name it). */
export const TYPE_DIRS: Record<EntryType, string> = {
  handoff: 'handoffs',
  decision: 'decisions',
  gotcha: 'gotchas',
  followup: 'followups',
  context: 'context',
};

/** Id prefix per type, so an id alone says what it is. */
export const TYPE_PREFIX: Record<EntryType, string> = {
  handoff: 'hnd',
  decision: 'dec',
  gotcha: 'gtc',
  followup: 'fup',
  context: 'ctx',
};

/** Allowed statuses per type; the first one is the default for a new entry. */
export const STATUSES: Record<EntryType, readonly string[]> = {
  handoff: ['final'],
  decision: ['accepted', 'proposed', 'rejected', 'deprecated', 'superseded'],
  gotcha: ['active', 'obsolete'],
  followup: ['open', 'done', 'dropped'],
  context: ['active', 'obsolete'],
};

/** Statuses that mean "no longer in force": ranked down, left out of briefings. */
export const INACTIVE_STATUSES: ReadonlySet<string> = new Set([
  'rejected',
  'deprecated',
  'superseded',
  'obsolete',
  'done',
  'dropped',
]);

/**
 * The standard front-matter keys, in the order our serialiser writes them.
 * Unknown keys follow, in the order they were found.
 */
export const KEY_ORDER = [
  'id',
  'type',
  'title',
  'status',
  'created',
  'closed',
  'author',
  'agent',
  'session',
  'branch',
  'commit',
  'tags',
  'files',
  'links',
  'supersedes',
  'merged_from',
  'source',
  // Added within format 1, after `source`: an older writer keeps it as an unknown key, which it writes after the standard ones.
  'distinct',
] as const;

/** Keys that every entry file carries, even when empty. */
export const REQUIRED_KEYS = [
  'id',
  'type',
  'title',
  'status',
  'created',
  'author',
  'agent',
  'session',
  'branch',
  'commit',
  'tags',
  'files',
  'links',
  'supersedes',
  'source',
] as const;

export interface Entry {
  id: string;
  type: EntryType;
  title: string;
  status: string;
  /** ISO 8601 timestamp kept exactly as written. */
  created: string;
  /** When a follow-up was resolved or dropped (ISO 8601), if it was. */
  closed?: string;
  author: string;
  agent: string;
  session: string;
  branch: string;
  commit: string;
  tags: string[];
  /** Code paths (files or folders, repo-relative, `/`-separated) the entry is about. */
  files: string[];
  /** Ids of related entries. */
  links: string[];
  /** Ids of entries this one replaces. */
  supersedes: string[];
  /** Ids of entries merged into this one by `origin refine` / `origin merge`. */
  merged_from?: string[];
  /** Ids of entries a person said record other facts (`origin distinct`): refine neither merges nor suggests the pair. */
  distinct?: string[];
  /** Where the words came from: `cli`, `mcp`, or an imported file's path. */
  source: string;
  /** Unknown front-matter keys, kept verbatim and in order so a rewrite never drops them. */
  extra: Record<string, unknown>;
  /** Markdown body after the front matter, without the leading blank line. */
  body: string;
}

/** An entry together with where it lives in the store (repo-relative, `/`-separated). */
export interface StoredEntry extends Entry {
  path: string;
}

export function isEntryType(value: string): value is EntryType {
  return (ENTRY_TYPES as readonly string[]).includes(value);
}

/** Accepts plurals and common aliases people type: `decisions`, `todo`, `note`... */
export function normaliseType(value: string): EntryType | undefined {
  const v = value.trim().toLowerCase();
  if (isEntryType(v)) return v;
  const aliases: Record<string, EntryType> = {
    handoffs: 'handoff',
    decisions: 'decision',
    adr: 'decision',
    gotchas: 'gotcha',
    pitfall: 'gotcha',
    lesson: 'gotcha',
    followups: 'followup',
    'follow-up': 'followup',
    'follow-ups': 'followup',
    todo: 'followup',
    contexts: 'context',
    fact: 'context',
    note: 'context',
  };
  return aliases[v];
}

export function defaultStatus(type: EntryType): string {
  return STATUSES[type][0] as string;
}

export function isActive(entry: Pick<Entry, 'status'>): boolean {
  return !INACTIVE_STATUSES.has(entry.status);
}

/** Sources that name how an entry was captured (`cli`, `mcp`); any other non-empty source is the path of an imported file. */
const CAPTURE_SOURCES = new Set(['', 'cli', 'mcp']);

/** Was the entry imported from a file (`origin import`), rather than captured? */
export function isImported(entry: Pick<Entry, 'source'>): boolean {
  return !CAPTURE_SOURCES.has(entry.source);
}
