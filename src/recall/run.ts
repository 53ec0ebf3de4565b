import type { EntryFilter } from '../core/filter.js';
import { normalisePath } from '../core/filter.js';
import type { Entry } from '../core/types.js';
import { takeEarlyGit } from '../git/early.js';
import { gitStatusAsync } from '../git/status.js';
import { refuseUnknownStatus } from '../session/filters.js';
import { type MemoryView, openMemoryView, readIndexedEntry } from '../session/memory-view.js';
import { ORIGIN_DIR } from '../store/layout.js';
import type { IndexedEntry, MemoryIndex } from '../store/memory-index.js';
import type { Workspace } from '../workspace.js';
import { finishRecall, type RecallHit, type RecallOptions, type ScoredQuery, scoreQuery } from './engine.js';
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
  ablate?: Pick<RecallOptions, 'expand' | 'feedback' | 'priors' | 'titles' | 'siblings'>;
}

/** Runs a query against the live store (index from the cache, kept fresh through git). */
export async function gatherRecall(ws: Workspace, query: string, options: GatherRecallOptions = {}): Promise<RecallResult[]> {
  const statusP = options.view ? undefined : (takeEarlyGit(ws.root, 'status')?.status ?? gitStatusAsync(ws.root));
  const now = ws.io.now();
  // The whole recall runs on the cached index while git status runs (work
  // that would otherwise wait for it), as if no file had changed; recallInView
  // keeps it if the status proves the cache current and anchors no hit to a
  // changed file (the one prior the status feeds).
  let ahead: Ahead | undefined;
  const whileWaiting = (presumed: MemoryIndex) => {
    const scored = scoreQuery(presumed, query, options.ablate ?? {});
    // Kept even if finishing throws below (a damaged cache): the view then decides whether the score is usable.
    ahead = { scored, options };
    const texts = new Map<string, Entry | undefined>();
    const hits = finishRecall(scored, finishOptions(options, now, [], (e) => textOf(texts, e, (x) => readIndexedEntry(ws.root, x))));
    for (const h of hits) textOf(texts, h.entry, (x) => readIndexedEntry(ws.root, x));
    ahead = { scored, options, hits, texts };
  };
  const view = options.view ?? (await openMemoryView(ws, { status: statusP, whileWaiting }));
  if (options.filter) refuseUnknownStatus(options.filter, view.index);
  const changedFiles = (view.status?.changed ?? []).map((c) => normalisePath(c.path)).filter((p) => !p.startsWith(`${ORIGIN_DIR}/`));
  return recallInView(view, query, { ...options, changedFiles, now, ...(ahead ? { ahead } : {}) });
}

/** A recall done ahead on the cached index: the scored query, and when it got that far, the hits and their texts. */
export interface Ahead {
  scored: ScoredQuery;
  /** The options the hits were found with (limit, filter, ablations). */
  options: GatherRecallOptions;
  hits?: RecallHit[];
  texts?: Map<string, Entry | undefined>;
}

/**
 * A recall in a view. What was done `ahead` is used only if it was done on
 * this view's index, for this query and expansion setting; its hits only for
 * the same limit, filter and ablations, and if no changed file anchors an
 * entry the question matches (else the diff prior may reorder them: it only
 * scales the scores of matched entries).
 */
export function recallInView(view: MemoryView, query: string, options: GatherRecallOptions & { changedFiles?: string[]; now?: Date; ahead?: Ahead }): RecallResult[] {
  const expand = options.ablate?.expand !== false;
  const ahead = options.ahead;
  const current = ahead?.scored.index === view.index && ahead.scored.query === query && ahead.scored.expand === expand ? ahead : undefined;
  const changed = options.changedFiles ?? [];
  const texts = current?.texts ?? new Map<string, Entry | undefined>();
  const full = (e: IndexedEntry) => textOf(texts, e, (x) => view.full(x));
  const sameAsk =
    current !== undefined && current.options.limit === options.limit && current.options.filter === options.filter && current.options.ablate === options.ablate && options.ablate?.feedback !== true;
  const hits =
    current?.hits && sameAsk && (changed.length === 0 || options.ablate?.priors === false || !anyMatched(view.index.anchoredTo(changed), current.scored))
      ? current.hits
      : finishRecall(current?.scored ?? scoreQuery(view.index, query, { expand }), finishOptions(options, options.now ?? new Date(), changed, full));
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

function finishOptions(options: GatherRecallOptions, now: Date, changedFiles: string[], full: (e: IndexedEntry) => Entry | undefined): RecallOptions {
  return {
    limit: options.limit ?? 10,
    ...(options.filter ? { filter: options.filter } : {}),
    ...(changedFiles.length > 0 ? { changedFiles } : {}),
    now,
    ...options.ablate,
    textOf: (e) => {
      const f = full(e);
      return f ? `${f.title}\n${f.body}` : undefined;
    },
  };
}

/** Does the scored query match any of these docs? */
function anyMatched(docs: ReadonlyMap<number, unknown>, scored: ScoredQuery): boolean {
  for (const d of docs.keys()) if ((scored.scores.total[d] ?? 0) > 0) return true;
  return scored.idHits.some((d) => docs.has(d));
}

/** An entry's full text, read once per recall. */
function textOf(texts: Map<string, Entry | undefined>, e: IndexedEntry, read: (e: IndexedEntry) => Entry | undefined): Entry | undefined {
  if (!texts.has(e.id)) texts.set(e.id, read(e));
  return texts.get(e.id);
}
