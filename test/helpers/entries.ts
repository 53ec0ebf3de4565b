import { type EntryType, type StoredEntry, TYPE_DIRS, defaultStatus } from '../../src/core/types.js';

/**
 * A stored entry for unit tests of the pure core: every required field set
 * to a plain default (type decision, its default status, a fixed date, the
 * file under its type's folder), overridden by `fields`.
 */
export function storedEntry(fields: Partial<StoredEntry> & { id: string }): StoredEntry {
  const type: EntryType = fields.type ?? 'decision';
  return {
    type,
    title: `Entry ${fields.id}`,
    status: defaultStatus(type),
    created: '2026-01-10T10:00:00Z',
    author: 'Ada',
    agent: 'test',
    session: '',
    branch: 'main',
    commit: '',
    tags: [],
    files: [],
    links: [],
    supersedes: [],
    source: 'cli',
    extra: {},
    body: '',
    path: `.origin/${TYPE_DIRS[type]}/${fields.id}.md`,
    ...fields,
  };
}
