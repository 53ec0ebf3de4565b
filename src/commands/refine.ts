import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StoredEntry } from '../core/types.js';
import type { CommandContext, IO } from '../io.js';
import { round } from '../refine/links.js';
import { type RefineResult, refineEntries, wikiFor } from '../refine/refine.js';
import { GENERATED_MARKER, type WikiPages } from '../refine/wiki.js';
import { serializeEntry } from '../core/serialize.js';
import { safeText, styler } from '../term/style.js';
import { startThreads, type Threads } from '../threads/refine-threads.js';
import { openWorkspace } from '../workspace.js';
import { mark } from '../timing.js';
import { persist } from './persist.js';

export interface RefineOptions {
  dryRun?: boolean;
  check?: boolean;
  /** `--no-wiki` sets this to false. */
  wiki?: boolean;
  json?: boolean;
  commit?: boolean;
  stage?: boolean;
}

/** Merges and suggestions printed in the human output (all of them are in --json). */
const SHOWN_MERGES = 50;
const SHOWN_SUGGESTIONS = 20;

/**
 * `origin refine`: merges duplicate entries (the merges are entry changes,
 * staged or committed like any capture), then rebuilds `.origin/wiki/`
 * (a local build artefact, ignored by git: never staged). `--dry-run`
 * prints the plan; `--check` exits 1 when refine would change anything.
 */
export async function runRefine(ctx: CommandContext, options: RefineOptions): Promise<number> {
  const ws = openWorkspace(ctx);
  const progress = progressLine(ctx.io);
  const planning = options.dryRun || options.check;
  // A dry run or a check shows the plan as it stands: one round, nothing
  // planned again after the merges (a check fails on any pending merge).
  progress.show('reading entries');
  const entries = ws.entries();
  const threads = startThreads(entries.length, ctx.io.env);
  try {
    const result = refineEntries(entries, { progress: progress.show, rounds: planning ? 1 : undefined, parallel: threads });
    const wantWiki = options.wiki !== false && !options.dryRun && !(options.check && result.merges.length > 0);
    const files = [...result.rewritten, ...result.removed].map((e) => e.path).sort();
    // On a big store the merged entries are written by a worker thread while the wiki is built here.
    let writing: { wait(): void } | undefined;
    if (!planning && files.length > 0) {
      progress.show(`writing ${result.rewritten.length} and removing ${result.removed.length} entry files`);
      writing = threads.write(
        result.rewritten.map((e) => [join(ws.root, e.path), serializeEntry(e)]),
        result.removed.map((e) => join(ws.root, e.path)),
      );
    }
    let pages: ReturnType<typeof wikiFor> | undefined;
    try {
      pages = wantWiki ? wikiFor(result.entries, result.related, progress.show) : undefined;
    } catch (err) {
      // The merges are on disk already: finish them (staged or committed) before failing, never half-applied.
      if (writing) {
        writing.wait();
        persist(ws, files, { ...options, batch: true }, commitMessage(result));
      }
      throw err;
    }
    if (pages) progress.show(`comparing ${pages.size} wiki pages with .origin/wiki/`);
    const wiki = pages ? diffWiki(ws.layout.wiki, pages) : undefined;

    if (planning) {
      progress.done();
      const pending = result.merges.length > 0 || (wiki !== undefined && wiki.changed.length + wiki.removed.length > 0);
      if (options.json) ctx.io.stdout(`${JSON.stringify({ ...planJson(result), ...(wiki ? { wiki: wikiJson(wiki) } : {}) }, null, 2)}\n`);
      else printPlan(ctx.io, result, wiki, options.check ? 'check' : 'dry-run');
      return options.check && pending ? 1 : 0;
    }

    let persisted: 'committed' | 'staged' | 'none' = 'none';
    if (writing) {
      writing.wait();
      progress.show(`${options.commit ?? ws.config.autoCommit ? 'committing' : 'staging'} ${files.length} entry files`);
      persisted = persist(ws, files, { ...options, batch: true }, commitMessage(result));
    }
    // After git, not beside it: written at the same time, 88 MB of pages slowed
    // git's own writes more than they saved (measured at 100k entries).
    if (wiki) writeWiki(threads, ws.layout.wiki, wiki, progress.show).wait();
    progress.done();
    report(ctx.io, options, result, wiki, files, persisted);
    return 0;
  } finally {
    await threads.close();
  }
}

function report(io: IO, options: RefineOptions, result: RefineResult, wiki: WikiDiff | undefined, files: string[], persisted: 'committed' | 'staged' | 'none'): void {
  if (options.json) {
    io.stdout(`${JSON.stringify({ ...planJson(result), ...(wiki ? { wiki: wikiJson(wiki) } : {}), files, persisted }, null, 2)}\n`);
  } else {
    printPlan(io, result, wiki, 'done');
    if (files.length > 0) io.stdout(`${persisted === 'none' ? 'changed' : persisted} ${files.length} entry file(s)\n`);
  }
}

function planJson(result: RefineResult) {
  return {
    merges: result.merges.map((m) => ({
      into: m.into.id,
      from: m.from.map((e) => e.id),
      score: round(Math.min(...m.scores)),
      scores: m.scores.map(round),
      title: m.into.title,
    })),
    suggestions: result.suggestions.map((s) => ({ a: s.a.id, b: s.b.id, score: round(s.score), reason: s.reason })),
  };
}

function commitMessage(result: RefineResult): string {
  const n = result.merges.reduce((sum, m) => sum + m.from.length, 0);
  const lines = result.merges.flatMap((m) => m.from.map((e) => `- ${e.id} into ${m.into.id}: ${e.title}`));
  return `origin refine: merge ${n} duplicate ${n === 1 ? 'entry' : 'entries'}\n\n${lines.join('\n')}\n\nThe merged files are removed here; git show/revert of this commit recovers them.`;
}

function printPlan(io: IO, result: RefineResult, wiki: WikiDiff | undefined, mode: 'dry-run' | 'check' | 'done'): void {
  const c = styler(io);
  const out: string[] = [];
  const verb = mode === 'done' ? 'merged' : 'would merge';
  const n = result.merges.reduce((sum, m) => sum + m.from.length, 0);
  if (n === 0) out.push(mode === 'done' ? 'no duplicates to merge' : 'nothing to merge');
  else out.push(`${verb} ${n} duplicate ${n === 1 ? 'entry' : 'entries'}:`);
  const lines = result.merges.flatMap((m) => m.from.map((e, k) => `  ${c.bold(m.into.id)} ${c.dim('<-')} ${e.id}  ${c.dim((m.scores[k] as number).toFixed(2))}  ${safeText(e.title)}`));
  out.push(...lines.slice(0, SHOWN_MERGES));
  if (lines.length > SHOWN_MERGES) out.push(c.dim(`  ... and ${lines.length - SHOWN_MERGES} more (see --json)`));
  if (result.suggestions.length > 0) {
    out.push(`${result.suggestions.length} possible ${result.suggestions.length === 1 ? 'duplicate' : 'duplicates'} to review (merge by hand with \`origin merge <a> <b>\`):`);
    for (const s of result.suggestions.slice(0, SHOWN_SUGGESTIONS)) {
      out.push(`  ${s.score.toFixed(2)}  ${s.a.id} ${s.b.id}  ${safeText(short(s.a))} / ${safeText(short(s.b))}${s.reason ? c.dim(` (${s.reason})`) : ''}`);
    }
    if (result.suggestions.length > SHOWN_SUGGESTIONS) out.push(c.dim(`  ... and ${result.suggestions.length - SHOWN_SUGGESTIONS} more (see --json)`));
  }
  if (wiki) {
    const touched = wiki.changed.length + wiki.removed.length;
    const state = mode === 'done' ? (touched ? `${touched} updated` : 'unchanged') : touched ? `${touched} out of date` : 'up to date';
    out.push(`wiki: ${wiki.pages.size} pages in .origin/wiki/, ${state}`);
  }
  io.stdout(`${out.join('\n')}\n`);
}

function short(e: StoredEntry): string {
  return e.title.length > 50 ? `${e.title.slice(0, 49)}…` : e.title;
}

// ---------------------------------------------------------------- wiki files

interface WikiDiff {
  pages: WikiPages;
  /** Pages that are new or differ from the file on disk. */
  changed: string[];
  /** Generated pages on disk that refine no longer produces. */
  removed: string[];
}

/**
 * What writing `pages` would change. Only files that start with the
 * generated marker count as ours: anything else a person put in the folder
 * is left alone.
 */
function diffWiki(dir: string, pages: WikiPages): WikiDiff {
  const existing = existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.md')) : [];
  const onDisk = new Set(existing);
  const changed: string[] = [];
  for (const [name, text] of pages) {
    // Only the pages on disk are read (a first refine has none: no failed read per page).
    if (!onDisk.has(name) || readFileSync(join(dir, name), 'utf8') !== text) changed.push(name);
  }
  const removed = existing.filter((name) => !pages.has(name) && readFileSync(join(dir, name), 'utf8').startsWith(GENERATED_MARKER)).sort();
  return { pages, changed, removed };
}

function writeWiki(threads: Threads, dir: string, diff: WikiDiff, progress: (message: string) => void): { wait(): void } {
  progress(`writing ${diff.changed.length} wiki pages`);
  return threads.write(
    diff.changed.map((name) => [join(dir, name), diff.pages.get(name) as string]),
    diff.removed.map((name) => join(dir, name)),
  );
}

function wikiJson(diff: WikiDiff) {
  return { pages: diff.pages.size, changed: diff.changed, removed: diff.removed };
}

/**
 * One self-overwriting status line on stderr while a big store is refined,
 * only when stderr is a terminal (never in pipes, CI logs or tests). The
 * same messages are the phases ORIGIN_TIMING prints.
 */
function progressLine(io: IO): { show: (message: string) => void; done: () => void } {
  const tty = process.stderr.isTTY === true && io.env.CI !== 'true';
  let shown = false;
  return {
    show: (message) => {
      mark(message);
      if (!tty) return;
      shown = true;
      io.stderr(`\r\x1b[2Korigin refine: ${message}...`);
    },
    done: () => {
      mark('done');
      if (shown) io.stderr('\r\x1b[2K');
    },
  };
}
