import type { EntryFilter } from '../core/filter.js';
import { normalisePath } from '../core/filter.js';
import { takeEarlyGit } from '../git/early.js';
import { gitStatusAsync } from '../git/status.js';
import { ORIGIN_DIR } from '../store/layout.js';
import type { IndexedEntry, MemoryIndex } from '../store/memory-index.js';
import { type MemoryView, openMemoryView } from '../session/memory-view.js';
import type { Workspace } from '../workspace.js';
import { type RecallOptions, type ScoredQuery, finishRecall, scoreQuery } from './engine.js';
import { makeSnippet } from './snippet.js';

/** One recall result, as `--json` and the MCP tool return it. */
export interface RecallResult {
  id: string;
  type: string;
  title: string;
  status: string;
  created: string;
  score: number;
  path: string;
  source: string;
  tags: string[];
  files: string[];
  snippet: string;
  marks: [number, number][];
  superseded_by?: string;
}

export interface GatherRecallOptions {
  filter?: EntryFilter;
  limit?: number;
  view?: MemoryView;
  /** Parts of the ranker to turn off, for the eval's ablations. */
  ablate?: Pick<RecallOptions, 'expand' | 'feedback' | 'priors' | 'titles'>;
}

/** Runs a query against the live store (index from the cache, kept fresh through git). */
export async function gatherRecall(ws: Workspace, query: string, options: GatherRecallOptions = {}): Promise<RecallResult[]> {
  const statusP = options.view ? undefined : (takeEarlyGit(ws.root, 'status')?.status ?? gitStatusAsync(ws.root));
  // The query is scored on the cached index while git status runs (work that
  // would otherwise wait for it); recallInView keeps it if the cache proved current.
  let early: ScoredQuery | undefined;
  const whileWaiting = (presumed: MemoryIndex) => {
    early = scoreQuery(presumed, query, options.ablate ?? {});
  };
  const view = options.view ?? (await openMemoryView(ws, { status: statusP, whileWaiting }));
  const changedFiles = (view.status?.changed ?? []).map((c) => normalisePath(c.path)).filter((p) => !p.startsWith(`${ORIGIN_DIR}/`));
  return recallInView(view, query, { ...options, changedFiles, now: ws.io.now(), ...(early ? { scored: early } : {}) });
}

/** A recall in a view; `scored` (a query scored ahead) is used only if it was scored on this view's index, for this query and expansion setting. */
export function recallInView(view: MemoryView, query: string, options: GatherRecallOptions & { changedFiles?: string[]; now?: Date; scored?: ScoredQuery }): RecallResult[] {
  const textCache = new Map<string, ReturnType<MemoryView['full']>>();
  const full = (e: IndexedEntry) => {
    if (!textCache.has(e.id)) textCache.set(e.id, view.full(e));
    return textCache.get(e.id);
  };
  const expand = options.ablate?.expand !== false;
  const early = options.scored;
  const scored = early?.index === view.index && early.query === query && early.expand === expand ? early : scoreQuery(view.index, query, { expand });
  const hits = finishRecall(scored, {
    limit: options.limit ?? 10,
    ...(options.filter ? { filter: options.filter } : {}),
    ...(options.changedFiles ? { changedFiles: options.changedFiles } : {}),
    now: options.now ?? new Date(),
    ...options.ablate,
    textOf: (e) => {
      const f = full(e);
      return f ? `${f.title}\n${f.body}` : undefined;
    },
  });
  return hits.map((h) => {
    const f = full(h.entry);
    const snippet = makeSnippet(f?.body ?? '', h.matched);
    return {
      id: h.entry.id,
      type: h.entry.type,
      title: h.entry.title,
      status: h.supersededBy ? 'superseded' : h.entry.status,
      created: h.entry.created,
      score: Math.round(h.score * 1000) / 1000,
      path: h.entry.path,
      source: f?.source ?? '',
      tags: h.entry.tags,
      files: h.entry.files,
      snippet: snippet.text,
      marks: snippet.marks,
      ...(h.supersededBy ? { superseded_by: h.supersededBy } : {}),
    };
  });
}

