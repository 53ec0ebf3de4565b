import { FrontMatterError, parseFrontMatter } from './frontmatter.js';
import { type Entry, type EntryType, KEY_ORDER, STATUSES, isEntryType } from './types.js';

/**
 * Turning parsed front matter into an Entry, and checking what a caller asks
 * to write. Reading is forgiving (a hand-edited file with an odd status still
 * loads); writing is strict (we never create a file we could not read back).
 */

export class EntryError extends Error {}

const KNOWN = new Set<string>(KEY_ORDER);

/** Parses the text of one entry file. Throws EntryError/FrontMatterError on a malformed file. */
export function parseEntry(text: string): Entry {
  const { data, body } = parseFrontMatter(text);
  return entryFromData(data, body);
}

export function entryFromData(data: Record<string, unknown>, body: string): Entry {
  const id = str(data.id);
  const type = str(data.type);
  const title = str(data.title);
  if (!id) throw new EntryError('front matter has no "id"');
  if (!type) throw new EntryError('front matter has no "type"');
  if (!isEntryType(type)) throw new EntryError(`unknown type "${type}"`);
  if (!title) throw new EntryError('front matter has no "title"');
  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    // defineProperty, not `extra[key] =`: a key named `__proto__` must stay an own key, not replace the prototype.
    if (!KNOWN.has(key)) Object.defineProperty(extra, key, { value, enumerable: true, writable: true, configurable: true });
  }
  const entry: Entry = {
    id,
    type,
    title,
    status: str(data.status) || (STATUSES[type][0] as string),
    created: str(data.created),
    author: str(data.author),
    agent: str(data.agent),
    session: str(data.session),
    branch: str(data.branch),
    commit: str(data.commit),
    tags: list(data.tags),
    files: list(data.files),
    links: list(data.links),
    supersedes: list(data.supersedes),
    source: str(data.source),
    extra,
    body,
  };
  const closed = str(data.closed);
  if (closed) entry.closed = closed;
  const merged = list(data.merged_from);
  if (merged.length > 0) entry.merged_from = merged;
  const distinct = list(data.distinct);
  if (distinct.length > 0) entry.distinct = distinct;
  return entry;
}

function str(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  return '';
}

function list(value: unknown): string[] {
  if (value === null || value === undefined || value === '') return [];
  const items = Array.isArray(value) ? value : [value];
  return items.map(str).filter((s) => s !== '');
}

export const MAX_TITLE_LENGTH = 300;
export const MAX_BODY_BYTES = 256 * 1024;
export const MAX_LIST_ITEMS = 200;

/** Problems with what a caller asks to write, as readable sentences (empty when fine). */
export function validateNewEntry(input: {
  type: EntryType;
  /** Left out: not checked (an edit that keeps the title). */
  title?: string;
  status?: string;
  body?: string;
  tags?: string[];
  files?: string[];
  links?: string[];
}): string[] {
  const problems: string[] = [];
  const title = input.title?.trim() ?? '';
  if (input.title !== undefined && !title) problems.push('the title is empty');
  if (title.length > MAX_TITLE_LENGTH) problems.push(`the title is ${title.length} characters long; the limit is ${MAX_TITLE_LENGTH} (put the detail in the body)`);
  if (input.status && !STATUSES[input.type].includes(input.status)) {
    problems.push(`"${input.status}" is not a status of a ${input.type}; use one of: ${STATUSES[input.type].join(', ')}`);
  }
  const bytes = new TextEncoder().encode(input.body ?? '').length;
  if (bytes > MAX_BODY_BYTES) problems.push(`the body is ${Math.round(bytes / 1024)} KiB; the limit is ${MAX_BODY_BYTES / 1024} KiB (link to a file instead)`);
  for (const tag of input.tags ?? []) {
    if (!/^[\p{L}\p{N}][\p{L}\p{N}_./-]{0,63}$/u.test(tag)) problems.push(`tag "${tag}" must be one word of letters, digits, "-", "_", "." or "/" (at most 64)`);
  }
  for (const file of input.files ?? []) {
    if (file.includes('\0') || /[\n\r]/.test(file)) problems.push(`anchored path ${JSON.stringify(file)} contains control characters`);
  }
  for (const key of ['tags', 'files', 'links'] as const) {
    if ((input[key]?.length ?? 0) > MAX_LIST_ITEMS) problems.push(`too many ${key} (the limit is ${MAX_LIST_ITEMS})`);
  }
  return problems;
}

/**
 * The checks of validateNewEntry on what an edit changed only: a field the
 * edit left alone (a tag written by hand with a space, a long title from an
 * import) does not stop an edit of another field.
 */
export function validateEdit(
  before: { title: string; status: string; body: string; tags: readonly string[]; files: readonly string[]; links: readonly string[] },
  after: { type: EntryType; title: string; status: string; body: string; tags: readonly string[]; files: readonly string[]; links: readonly string[] },
): string[] {
  const added = (now: readonly string[], was: readonly string[]) => now.filter((x) => !was.includes(x));
  const problems = validateNewEntry({
    type: after.type,
    ...(after.title !== before.title ? { title: after.title } : {}),
    ...(after.status !== before.status ? { status: after.status } : {}),
    ...(after.body !== before.body ? { body: after.body } : {}),
    tags: added(after.tags, before.tags),
    files: added(after.files, before.files),
    links: added(after.links, before.links),
  });
  for (const key of ['tags', 'files', 'links'] as const) {
    if (after[key].length > MAX_LIST_ITEMS && after[key].length > before[key].length) problems.push(`too many ${key} (the limit is ${MAX_LIST_ITEMS})`);
  }
  return [...new Set(problems)];
}

/** Title as stored: trimmed, inner whitespace runs (tabs, newlines) collapsed to one space. */
export function cleanTitle(title: string): string {
  return title.replace(/\s+/g, ' ').trim();
}

export { FrontMatterError };
