import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoredEntry } from './core/types.js';
import { stagePaths } from './git/git.js';
import { workTreeRoot } from './git/root.js';
import type { CommandContext, IO } from './io.js';
import { type OriginConfig, readConfig } from './store/config.js';
import { initLayout, isInitialised } from './store/init.js';
import { type Layout, layoutFor } from './store/layout.js';
import { type FileProblem, listEntryFiles, readEntryFile, scanStore } from './store/scan.js';

/** The id at the start of an entry file's name (`dec-8f3k2m9q-use-postgres.md`). */
const ENTRY_FILE_ID = /^([a-z]+-[0-9a-z]{8})(?:-|\.md$)/i;

/**
 * A repository opened by a command: where it is, its settings, and (loaded on
 * demand) its entries. Malformed entry files are reported once, as a single
 * warning on stderr naming each of them, and otherwise skipped.
 */
export interface Workspace {
  root: string;
  layout: Layout;
  config: OriginConfig;
  io: IO;
  /** Layout files this command created by setting up `.origin/` on the fly (they travel with its entry). */
  createdLayout: string[];
  /**
   * Sets up `.origin/` when it is missing (staged, and said on stderr): called
   * right before the first write, after the input is validated, so that a
   * refused capture leaves the repository as it was.
   */
  ensureLayout(): void;
  entries(): StoredEntry[];
  /** The entry files entries() could not read (reported on stderr when read), after entries() was called. */
  problems(): FileProblem[];
  /**
   * The ids of the entry files, from their names (`<id>-<slug>.md`), without
   * reading them: what a capture needs to resolve an id prefix, at a folder
   * listing's cost instead of the whole store's (5 s at 100k entries).
   */
  entryIds(): Set<string>;
}

export function openWorkspace(ctx: CommandContext, options: { autoInit?: boolean } = {}): Workspace {
  const root = workTreeRoot(ctx.cwd, ctx.io.env);
  const layout = layoutFor(root);
  const created: string[] = [];
  const ensureLayout = () => {
    if (isInitialised(layout)) return;
    created.push(...initLayout(layout));
    // Staged like the entry that follows, so the layout travels with it.
    if (created.length > 0) stageQuietly(root, created);
    ctx.io.stderr('origin: set up .origin/ in this repository (see `origin init --help`)\n');
  };
  if (options.autoInit) ensureLayout();
  const configProblems: string[] = [];
  const config = readConfig(layout, configProblems);
  for (const problem of configProblems) ctx.io.stderr(`origin: warning: .origin/config.yml: ${problem}\n`);
  let loaded: StoredEntry[] | undefined;
  let problems: FileProblem[] = [];
  return {
    root,
    layout,
    config,
    io: ctx.io,
    createdLayout: created,
    ensureLayout,
    entryIds() {
      if (loaded) return new Set(loaded.map((e) => e.id));
      const ids = new Set<string>();
      for (const path of listEntryFiles(layout)) {
        const m = ENTRY_FILE_ID.exec(path.slice(path.lastIndexOf('/') + 1));
        if (m) {
          ids.add((m[1] as string).toLowerCase());
          continue;
        }
        // A file named by hand: its id is in its front matter (few such files, so reading them costs little).
        try {
          ids.add(readEntryFile(root, path).id);
        } catch {
          // malformed: no id to offer
        }
      }
      return ids;
    },
    entries() {
      if (!loaded) {
        const result = scanStore(layout);
        reportProblems(ctx.io, result.problems);
        loaded = result.entries;
        problems = result.problems;
      }
      return loaded;
    },
    problems() {
      return problems;
    },
  };
}

export function reportProblems(io: IO, problems: FileProblem[]): void {
  if (problems.length === 0) return;
  const shown = problems.slice(0, 10).map((p) => `  ${p.path}: ${p.reason}`);
  const more = problems.length > 10 ? [`  ... and ${problems.length - 10} more`] : [];
  const noun = problems.length === 1 ? 'file' : 'files';
  io.stderr(
    `origin: warning: skipped ${problems.length} malformed entry ${noun} (fix or remove, then run again):\n${[...shown, ...more].join('\n')}\n`,
  );
}

function stageQuietly(root: string, paths: string[]): void {
  try {
    stagePaths(root, paths);
  } catch {
    // An ignored .origin/ is reported when the entry itself is staged.
  }
}

/**
 * Where an editor draft is kept: the store's cache, or before `.origin/`
 * exists, the system's temp folder (a capture refused after the editor
 * closes must leave the repository as it was).
 */
export function draftFolder(ws: Workspace): string {
  // A folder of its own: a draft kept after a failed edit is never another repository's or another capture's.
  return isInitialised(ws.layout) ? ws.layout.cache : mkdtempSync(join(tmpdir(), 'origin-draft-'));
}
