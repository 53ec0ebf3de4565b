import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { StoredEntry } from '../core/types.js';
import { OriginError } from '../errors.js';
import type { CommandContext, IO } from '../io.js';
import { round } from '../refine/links.js';
import { type RefineResult, refineEntries, wikiInput } from '../refine/refine.js';
import { buildWiki, type WikiInput, type WikiPages } from '../refine/wiki.js';
import { serializeEntry } from '../core/serialize.js';
import { safeText, styler } from '../term/style.js';
import { startThreads } from '../threads/refine-threads.js';
import { type Workspace, openWorkspace } from '../workspace.js';
import { mark } from '../timing.js';
import { persist } from './persist.js';
import { diffWiki, type WikiDiff, WikiWriter } from './wiki-files.js';

export interface RefineOptions {
  dryRun?: boolean;
  check?: boolean;
  /** `--no-wiki` sets this to false. */
  wiki?: boolean;
  /** `--auto-merge` / `--no-auto-merge`; unset, the config's autoMerge (default true). */
  autoMerge?: boolean;
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
  if (!existsSync(ws.layout.origin)) {
    // Nothing to refine, and no wiki to write into a repository without memory.
    if (options.json) ctx.io.stdout(`${JSON.stringify({ merges: [], suggestions: [] }, null, 2)}\n`);
    else ctx.io.stdout('No memory here yet (no .origin/): nothing to refine. Start with origin init, or capture an entry.\n');
    return 0;
  }
  const progress = progressLine(ctx.io);
  const planning = options.dryRun || options.check;
  // A dry run or a check plans exactly what refine would do: every round of
  // merges, in memory (a pair that only merges once term weights have moved
  // must not be shown as 'merge by hand'), and the suggestions that would be
  // left afterwards.
  progress.show('reading entries');
  const entries = ws.entries();
  const threads = startThreads(entries.length, ctx.io.env, progress.warn);
  try {
    const autoMerge = options.autoMerge ?? ws.config.autoMerge;
    const result = refineEntries(entries, { progress: progress.show, parallel: threads, autoMerge });
    // The wiki is built locally and never committed: a check in a fresh clone (CI) has no pages to compare, and checks the merges only.
    const wikiBuilt = existsSync(ws.layout.wiki);
    const wantWiki = options.wiki !== false && !options.dryRun && !(options.check && (result.merges.length > 0 || !wikiBuilt));
    const files = [...result.rewritten, ...result.removed].map((e) => e.path).sort();
    // On a big store the merged entries are written by a worker thread while the links are computed here.
    let writing: { wait(): void } | undefined;
    if (!planning && files.length > 0) {
      progress.show(`writing ${result.rewritten.length} and removing ${result.removed.length} entry files`);
      writing = threads.write(
        result.rewritten.map((e) => [join(ws.root, e.path), serializeEntry(e)]),
        result.removed.map((e) => join(ws.root, e.path)),
      );
    }
    let input: WikiInput | undefined;
    try {
      input = wantWiki ? wikiInput(result.entries, result.related, progress.show) : undefined;
    } catch (err) {
      // The merges are on disk already: finish them (staged or committed) before failing, never half-applied.
      if (writing) {
        writing.wait();
        persist(ws, files, { ...options, batch: true }, commitMessage(result));
      }
      throw err;
    }
    writing?.wait();

    if (planning) {
      const wiki = input ? diffWiki(ws.layout.wiki, buildPages(input, progress.show)) : undefined;
      progress.done();
      // A file refine could not read is a fact it cannot judge (a merge conflict committed with its markers, say): a check fails on it.
      const malformed = ws.problems().map((p) => p.path);
      const pending = result.merges.length > 0 || (wiki !== undefined && wiki.changed.length + wiki.removed.length > 0) || (options.check === true && malformed.length > 0);
      const unchecked = options.check && !wikiBuilt && options.wiki !== false ? { wiki: { checked: false, reason: 'not built here' } } : {};
      if (options.json) ctx.io.stdout(`${JSON.stringify({ ...planJson(result), ...(wiki ? { wiki: wikiJson(wiki) } : unchecked), ...(malformed.length ? { malformed } : {}) }, null, 2)}\n`);
      else {
        printPlan(ctx.io, result, wiki, options.check ? 'check' : 'dry-run');
        if (malformed.length) ctx.io.stdout(`${malformed.length} malformed entry ${malformed.length === 1 ? 'file' : 'files'} left out (see the warning above)${options.check ? ': the check fails until they are fixed or removed' : ''}\n`);
      }
      if (options.check && !wikiBuilt && options.wiki !== false && !options.json) ctx.io.stdout('wiki: not built here (.origin/wiki/ is rebuilt locally by origin refine, never committed); not checked\n');
      return options.check && pending ? 1 : 0;
    }

    let persisted: 'committed' | 'staged' | 'none' = 'none';
    if (files.length > 0) {
      progress.show(`${options.commit ?? ws.config.autoCommit ? 'committing' : 'staging'} ${files.length} entry files`);
      persisted = persist(ws, files, { ...options, batch: true }, commitMessage(result));
    }
    // The pages are written as they are built, after git is done: written
    // beside git's own writes, the pages (~60 MB at 100k entries) slowed git
    // more than they saved.
    let wiki: WikiDiff | undefined;
    if (input) {
      let writer: WikiWriter | undefined;
      try {
        writer = new WikiWriter(threads, ws.layout.wiki);
        wiki = writer.finish(buildPages(input, progress.show, writer.page));
      } catch (err) {
        writer?.abandon();
        throw wikiError(err, ws.layout.wiki, files.length, persisted);
      }
    }
    progress.done();
    report(ctx.io, options, result, wiki, files, persisted);
    return 0;
  } finally {
    await threads.close();
  }
}

/**
 * What refine would merge on its own and what it would suggest, planned in
 * memory with nothing written: the MCP server's duplicates tool (the CLI's
 * `refine --dry-run --json` without the wiki).
 */
export async function planDuplicates(ws: Workspace, autoMerge?: boolean): Promise<PlanJson> {
  const entries = ws.entries();
  const threads = startThreads(entries.length, ws.io.env, (message) => ws.io.stderr(`origin: warning: ${message}\n`));
  try {
    return planJson(refineEntries(entries, { parallel: threads, autoMerge: autoMerge ?? ws.config.autoMerge }));
  } finally {
    await threads.close();
  }
}

/** A failure to read or write the wiki folder, said plainly: the merges are done by then. */
function wikiError(err: unknown, dir: string, merged: number, persisted: 'committed' | 'staged' | 'none'): unknown {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code !== 'string') return err;
  const state = persisted === 'none' ? 'written (not staged)' : persisted;
  const done = merged > 0 ? [`the merges are ${state}; run \`origin refine\` again once the folder is writable`] : [];
  return new OriginError(`cannot write the wiki in ${dir}: ${(err as Error).message}`, done);
}

function buildPages(input: WikiInput, progress: (message: string) => void, onPage?: (name: string, text: string) => void): WikiPages {
  progress('building the wiki pages');
  return buildWiki(input, onPage);
}

function report(io: IO, options: RefineOptions, result: RefineResult, wiki: WikiDiff | undefined, files: string[], persisted: 'committed' | 'staged' | 'none'): void {
  if (options.json) {
    io.stdout(`${JSON.stringify({ ...planJson(result), ...(wiki ? { wiki: wikiJson(wiki) } : {}), files, persisted }, null, 2)}\n`);
  } else {
    printPlan(io, result, wiki, 'done');
    if (files.length > 0) io.stdout(`${persisted === 'none' ? 'changed' : persisted} ${files.length} entry ${files.length === 1 ? 'file' : 'files'}\n`);
  }
}

export type PlanJson = ReturnType<typeof planJson>;

function planJson(result: RefineResult) {
  return {
    merges: result.merges.map((m) => ({
      into: m.into.id,
      from: m.from.map((e) => e.id),
      score: round(Math.min(...m.scores)),
      scores: m.scores.map(round),
      title: m.into.title,
      from_titles: m.from.map((e) => e.title),
    })),
    suggestions: result.suggestions.map((s) => ({ a: s.a.id, b: s.b.id, score: round(s.score), duplicate: s.held !== undefined, held: s.held ?? null, kind: s.kind, reason: s.reason, a_title: s.a.title, b_title: s.b.title })),
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
  // With automatic merges off, the duplicates are all below: say why nothing merged rather than that nothing would.
  const off = result.suggestions.some((s) => s.held === 'auto-merge-off');
  if (n === 0) out.push(off ? 'no automatic merges (automatic merges are off here)' : mode === 'done' ? 'no duplicates to merge' : 'nothing to merge');
  else out.push(`${verb} ${n} duplicate ${n === 1 ? 'entry' : 'entries'}:`);
  // Each surviving entry with its title, then what it absorbs (with theirs): the JSON names the same two sides.
  let shown = 0;
  for (const m of result.merges) {
    if (shown >= SHOWN_MERGES) break;
    out.push(`  ${c.bold(m.into.id)}  ${safeText(m.into.title)}`);
    for (const [k, e] of m.from.entries()) {
      if (shown++ >= SHOWN_MERGES) break;
      out.push(`    ${c.dim('<-')} ${e.id}  ${c.dim((m.scores[k] as number).toFixed(2))}  ${safeText(e.title)}`);
    }
  }
  if (n > SHOWN_MERGES) out.push(c.dim(`  ... and ${n - SHOWN_MERGES} more (see --json)`));
  if (result.suggestions.length > 0) {
    const judged = result.suggestions.filter((s) => s.held !== undefined).length;
    const first = judged > 0 ? `${judged} judged ${judged === 1 ? 'a duplicate' : 'duplicates'} but held back, listed first; ` : '';
    out.push(`${result.suggestions.length} possible ${result.suggestions.length === 1 ? 'duplicate' : 'duplicates'} to review (${first}merge by hand with \`origin merge <a> <b>\`, or where the newer replaces the older, \`origin supersede <old> --by <new>\`):`);
    for (const s of result.suggestions.slice(0, SHOWN_SUGGESTIONS)) {
      out.push(`  ${s.score.toFixed(2)}  ${s.a.id} ${s.b.id}  ${safeText(short(s.a))} / ${safeText(short(s.b))}${s.reason ? c.dim(` (${s.reason})`) : ''}`);
    }
    if (result.suggestions.length > SHOWN_SUGGESTIONS) out.push(c.dim(`  ... and ${result.suggestions.length - SHOWN_SUGGESTIONS} more (see --json)`));
  }
  if (wiki) {
    const touched = wiki.changed.length + wiki.removed.length;
    const removed = wiki.removed.length ? `, ${wiki.removed.length} removed` : '';
    const state = mode === 'done' ? (touched ? `${wiki.changed.length} updated${removed}` : 'unchanged') : touched ? `${wiki.changed.length} out of date${removed ? `${removed} (no longer generated)` : ''}` : 'up to date';
    out.push(`wiki: ${wiki.pages.size} ${wiki.pages.size === 1 ? 'page' : 'pages'} in .origin/wiki/, ${state}`);
  }
  io.stdout(`${out.join('\n')}\n`);
}

function short(e: StoredEntry): string {
  return e.title.length > 50 ? `${e.title.slice(0, 49)}…` : e.title;
}

function wikiJson(diff: WikiDiff) {
  return { pages: diff.pages.size, changed: diff.changed, removed: diff.removed };
}

/**
 * One self-overwriting status line on stderr while a big store is refined,
 * only when stderr is a terminal (never in pipes, CI logs or tests). The
 * same messages are the phases ORIGIN_TIMING prints.
 */
function progressLine(io: IO): { show: (message: string) => void; warn: (message: string) => void; done: () => void } {
  const tty = process.stderr.isTTY === true && io.env.CI !== 'true';
  let shown = false;
  let last = '';
  return {
    show: (message) => {
      mark(message);
      if (!tty) return;
      shown = true;
      last = message;
      io.stderr(`\r\x1b[2Korigin refine: ${message}...`);
    },
    // A warning on a line of its own, the status line shown again under it.
    warn: (message) => {
      io.stderr(`${shown ? '\r\x1b[2K' : ''}origin: warning: ${message}\n${shown ? `origin refine: ${last}...` : ''}`);
    },
    done: () => {
      mark('done');
      if (shown) io.stderr('\r\x1b[2K');
    },
  };
}
