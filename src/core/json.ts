import { type RelatedEntry, type Relations, effectiveStatus } from './relations.js';
import type { StoredEntry } from './types.js';

/**
 * The JSON shape of an entry in `--json` output and MCP structured results:
 * every front-matter field, unknown keys under `extra`, the file's path, and
 * (when relations are known) the derived reverse relations.
 */
export interface EntryJson {
  id: string;
  type: string;
  title: string;
  status: string;
  created: string;
  closed?: string;
  author: string;
  agent: string;
  session: string;
  branch: string;
  commit: string;
  tags: string[];
  files: string[];
  links: string[];
  supersedes: string[];
  merged_from?: string[];
  distinct?: string[];
  source: string;
  path: string;
  extra?: Record<string, unknown>;
  superseded_by?: string[];
  backlinks?: string[];
  body?: string;
}

export function entryToJson(entry: StoredEntry, options: { relations?: Pick<Relations<RelatedEntry>, 'supersededBy' | 'backlinks'>; body?: boolean } = {}): EntryJson {
  const { relations } = options;
  const out: EntryJson = {
    id: entry.id,
    type: entry.type,
    title: entry.title,
    status: relations ? effectiveStatus(entry, relations) : entry.status,
    created: entry.created,
    ...(entry.closed ? { closed: entry.closed } : {}),
    author: entry.author,
    agent: entry.agent,
    session: entry.session,
    branch: entry.branch,
    commit: entry.commit,
    tags: entry.tags,
    files: entry.files,
    links: entry.links,
    supersedes: entry.supersedes,
    ...(entry.merged_from ? { merged_from: entry.merged_from } : {}),
    ...(entry.distinct ? { distinct: entry.distinct } : {}),
    source: entry.source,
    path: entry.path,
  };
  if (Object.keys(entry.extra).length > 0) out.extra = entry.extra;
  if (relations) {
    out.superseded_by = relations.supersededBy.get(entry.id) ?? [];
    out.backlinks = relations.backlinks.get(entry.id) ?? [];
  }
  if (options.body) out.body = entry.body;
  return out;
}
