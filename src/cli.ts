import { Command, InvalidArgumentError, Option } from 'commander';
import { type EntryType, normaliseType } from './core/types.js';
import type { CommandContext, IO } from './io.js';
import { VERSION } from './version.js';

/**
 * The command-line surface, and nothing else: each action lazy-loads the
 * module that does the work, so `origin --version` pays only for commander.
 */
type Run = (ctx: CommandContext) => Promise<number>;

const collect = (value: string, previous: string[] = []) => [...previous, value];
const positiveInt = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`"${value}" is not a positive whole number`);
  return n;
};

export function buildProgram(io: IO, setRun: (run: Run) => void, argv: readonly string[] = []): Command {
  const program = new Command('origin')
    .description('Git-native memory for AI coding agents: decisions, gotchas, follow-ups and handoffs in .origin/')
    .version(VERSION, '-v, --version', 'print the version')
    .option('-C, --cwd <dir>', 'run as if started in <dir>')
    .showSuggestionAfterError(true)
    .exitOverride()
    // Usage errors read like origin's own ("origin: error: ..."), whichever part of the CLI found them.
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s), outputError: (s, write) => write(s.startsWith('error:') ? `origin: ${s}` : s) });
  program.configureHelp({ sortSubcommands: false });

  // Only the command being run is defined when argv names one: defining all
  // of them cost 6-12 ms of every run. Help, unknown commands and global
  // options before the command still see every command.
  const chosen = COMMANDS.find(([names]) => names.includes(argv[0] ?? ''));
  for (const [, define] of chosen ? [chosen] : COMMANDS) define(program, setRun);
  return program;
}

type Define = (program: Command, setRun: (run: Run) => void) => void;

/** Every command, in help order, with the names (and aliases) it answers to. */
const COMMANDS: [names: string[], define: Define][] = [
  [
    ['init'],
    (program, setRun) => {
      program
        .command('init')
        .description('set up .origin/ in this repository (idempotent)')
        .option('--claude-hook', 'also add a SessionStart hook to .claude/settings.json that runs `origin start` (Claude Code then reads the briefing at every new session)')
        .option('--json', 'print what was created as JSON')
        .option('--no-stage', 'do not stage the created files')
        .action((opts) => setRun(async (ctx) => (await import('./commands/init.js')).runInit(ctx, opts)));
    },
  ],
  [
    ['start'],
    (program, setRun) => {
      program
        .command('start')
        .description('print the session briefing (markdown for an agent) and mark the session start (a session no handoff has closed goes on)')
        .option('-b, --budget <tokens>', 'token budget (default: config, 2000)', positiveInt)
        .option('-q, --query <text>', 'focus the relevant gotchas and decisions on a topic')
        .option('--at <ref>', 'render the briefing as memory stood at a commit')
        .option('--no-record', 'do not record a session start')
        .option('--json', 'print the briefing as JSON (facts and markdown)')
        .action((opts) => setRun(async (ctx) => (await import('./commands/start.js')).runStart(ctx, opts)));
    },
  ],
  [
    ['handoff'],
    (program, setRun) => {
      writeOptions(program.command('handoff').description('write the end-of-session handoff (markdown with ## headings on stdin, or flags)'))
        .option('--title <title>', 'title (default: the summary up to the end of its first sentence of 20 characters or more)')
        .option('-s, --summary <text>', 'what this session did, in a few sentences')
        .option('--changed <text>', 'what changed (repeatable)', collect)
        .option('--decision <text>', 'a decision taken (repeatable)', collect)
        .option('-n, --next <text>', 'an open thread or next step (repeatable)', collect)
        .option('-g, --gotcha <text>', 'a pitfall to know (repeatable)', collect)
        .option('-r, --relevant <text>', 'a relevant file or command (repeatable)', collect)
        .option('-f, --file <path>', 'read the handoff markdown from a file (- for stdin)')
        .option('--followups', 'open a follow-up entry for each next step, linked from the handoff')
        .option('--allow-empty', 'write a handoff even when nothing was said (the git context alone), or nothing changed')
        .option('--agent <name>', 'the agent writing this (default: $ORIGIN_AGENT or detected)')
        .option('--no-edit', 'never open $EDITOR')
        .option('--json', 'print the handoff as JSON')
        .action((opts) => setRun(async (ctx) => (await import('./commands/handoff.js')).runHandoff(ctx, opts)));
    },
  ],
  [
    ['recall', 'search'],
    (program, setRun) => {
      program
        .command('recall <query...>')
        .alias('search')
        .description('search memory: the entries that answer a question, best first')
        .option('--type <type>', 'only this type (repeatable)', collect)
        .option('--status <status>', 'only this status (repeatable)', collect)
        .option('--tag <tag>', 'only entries with this tag (repeatable)', collect)
        .option('--file <path>', 'only entries anchored to this path')
        .option('--since <when>', 'created on or after a date or within an age (30m, 12h, 3d, 2w, 6mo, 1y)')
        .option('-n, --limit <n>', 'at most n results (default 10)', positiveInt)
        .option('--json', 'print a JSON array, best first')
        .action((words: string[], opts) => setRun(async (ctx) => (await import('./commands/recall.js')).runRecall(ctx, { ...opts, query: words.join(' ') })));
    },
  ],
  [
    ['import'],
    (program, setRun) => {
      writeOptions(program.command('import <paths...>').description('import markdown files (ADRs: adr-tools, MADR, log4brains) as entries'))
        .option('--type <type>', 'entry type (default: decision)')
        .option('-t, --tag <tag>', 'add a tag to every imported entry (repeatable)', collect)
        .option('--dry-run', 'show what would be imported')
        .option('--json', 'print what was imported as JSON')
        .action((paths: string[], opts) => setRun(async (ctx) => (await import('./commands/import.js')).runImport(ctx, { ...opts, paths })));
    },
  ],
  [
    ['decision', 'gotcha', 'followup', 'context'],
    (program, setRun) => {
      for (const type of ['decision', 'gotcha', 'followup', 'context'] as const) {
        const blurb = {
          decision: 'record a decision and why it was made',
          gotcha: 'record a pitfall or lesson learned',
          followup: 'record an open thread for a later session',
          context: 'record a durable fact or constraint of the project',
        }[type];
        captureOptions(program.command(`${type} <title> [body]`).description(blurb)).action((title, body, opts) =>
          setRun(async (ctx) => (await import('./commands/capture.js')).runCapture(ctx, captureArgs(type, title, body, opts))),
        );
      }
      captureOptions(program.command('add <type> <title> [body]').description('record an entry of the given type: decision (adr), gotcha (pitfall, lesson), followup (todo), context (fact, note)')).action((typeName, title, body, opts) =>
        setRun(async (ctx) => {
          const capture = await import('./commands/capture.js');
          const type = capture.requireType(typeName, normaliseType);
          return capture.runCapture(ctx, captureArgs(type, title, body, opts));
        }),
      );
    },
  ],
  [
    ['list', 'ls'],
    (program, setRun) => {
      program
        .command('list')
        .alias('ls')
        .description('list entries, newest first')
        .option('--type <type>', 'only this type (repeatable, or comma-separated)', collect)
        .option('--status <status>', 'only this status (repeatable)', collect)
        .option('--tag <tag>', 'only entries with this tag (repeatable: all must match)', collect)
        .option('--since <when>', 'created on or after a date (2026-11-01) or within an age (30m, 12h, 3d, 2w, 6mo, 1y)')
        .option('--file <path>', 'only entries anchored to this path (or a folder around it)')
        .option('-n, --limit <n>', 'at most n entries', positiveInt)
        .option('--oldest', 'oldest first')
        .option('--json', 'print a JSON array')
        .action((opts) => setRun(async (ctx) => (await import('./commands/list.js')).runList(ctx, opts)));
    },
  ],
  [
    ['show'],
    (program, setRun) => {
      program
        .command('show <id>')
        .description('show one entry (id or unique prefix)')
        .option('--json', 'print JSON')
        .action((id, opts) => setRun(async (ctx) => (await import('./commands/show.js')).runShow(ctx, { ...opts, id })));
    },
  ],
  [
    ['resolve', 'drop'],
    (program, setRun) => {
      for (const [name, status, blurb] of [
        ['resolve', 'done', 'mark a follow-up done'],
        ['drop', 'dropped', 'mark a follow-up dropped (no longer worth doing)'],
      ] as const) {
        writeOptions(program.command(`${name} <id>`).description(blurb))
          .option('-m, --note <text>', 'how it was resolved, or why it was dropped (appended to the body)')
          .option('--json', 'print the entry as JSON')
          .action((id, opts) => setRun(async (ctx) => (await import('./commands/status.js')).runClose(ctx, { ...opts, id }, status)));
      }
    },
  ],
  [
    ['supersede'],
    (program, setRun) => {
      writeOptions(program.command('supersede <old>').description('record that a newer entry replaces an older one (writes only the newer entry)'))
        .requiredOption('--by <new>', 'the entry that replaces <old>')
        .option('--json', 'print the newer entry as JSON')
        .action((old, opts) => setRun(async (ctx) => (await import('./commands/supersede.js')).runSupersede(ctx, { ...opts, old })));
    },
  ],
  [
    ['edit'],
    (program, setRun) => {
      writeOptions(program.command('edit <id>').description('edit an entry: in $EDITOR, or field by field with flags'))
        .option('--title <title>', 'new title (the file name keeps its original slug)')
        .option('--status <status>', 'new status')
        .option('-t, --tag <tag>', 'add a tag (repeatable)', collect)
        .option('--untag <tag>', 'remove a tag (repeatable)', collect)
        .option('-a, --anchor <path>', 'anchor to a code path (repeatable)', collect)
        .option('--unanchor <path>', 'remove an anchor (repeatable)', collect)
        .option('-l, --link <id>', 'link to a related entry (repeatable)', collect)
        .option('--unlink <id>', 'remove a link (repeatable)', collect)
        .option('--unsupersede <id>', 'remove an entry from supersedes, when it was recorded by mistake (repeatable)', collect)
        .option('--undistinct <id>', 'remove a mark written by origin distinct: refine may merge or suggest the two again (repeatable)', collect)
        .option('--body <text>', 'replace the body')
        .option('--append <text>', 'append a paragraph to the body')
        .option('--json', 'print the entry as JSON')
        .action((id, opts) => setRun(async (ctx) => (await import('./commands/edit.js')).runEdit(ctx, { ...opts, id })));
    },
  ],
  [
    ['mcp'],
    (program, setRun) => {
      program
        .command('mcp')
        .description('run an MCP server over stdio for this repository (for Claude Code, Cursor, Codex...)')
        .action(() => setRun(async (ctx) => (await import('./commands/mcp.js')).runMcp(ctx)));
    },
  ],
  [
    ['refine'],
    (program, setRun) => {
      writeOptions(program.command('refine').description('merge duplicate entries (with provenance), link related ones, rebuild .origin/wiki/'))
        .option('--dry-run', 'print the plan (merges and suggestions) without writing anything')
        .option('--check', 'exit 1 when refine would change something (pending merges, stale wiki): for CI')
        .option('--no-wiki', 'do not rebuild the wiki pages')
        // --auto-merge first, so that neither flag means 'as the config says' (commander's default for a --no- option alone is true).
        .option('--auto-merge', 'merge the duplicates it is confident about, whatever autoMerge in .origin/config.yml says')
        .option('--no-auto-merge', 'merge nothing on its own: list every duplicate as a suggestion for origin merge')
        .option('--json', 'print the plan / result as JSON')
        .action((opts) => setRun(async (ctx) => (await import('./commands/refine.js')).runRefine(ctx, opts)));
    },
  ],
  [
    ['distinct'],
    (program, setRun) => {
      writeOptions(program.command('distinct <a> <b>').description('record that two alike entries are different facts: refine will neither merge nor suggest them (written on the newer)'))
        .option('--json', 'print the entry written as JSON')
        .action((a, b, opts) => setRun(async (ctx) => (await import('./commands/distinct.js')).runDistinct(ctx, { ...opts, a, b })));
    },
  ],
  [
    ['merge'],
    (program, setRun) => {
      writeOptions(program.command('merge <a> <b>').description('merge two entries by hand: the older (or accepted) one absorbs the other'))
        .option('--into <id>', 'which of the two keeps its id and absorbs the other (say, the newer one)')
        .option('--dry-run', 'show what would be merged without writing')
        .option('--json', 'print the merged entry as JSON')
        .action((a, b, opts) => setRun(async (ctx) => (await import('./commands/merge.js')).runMerge(ctx, { ...opts, a, b })));
    },
  ],
];

function writeOptions(cmd: Command): Command {
  return cmd
    .option('--commit', 'commit the memory file(s) on their own (default: stage them)')
    .addOption(new Option('--no-commit', 'only stage, even when autoCommit is set').hideHelp())
    .option('--no-stage', 'leave the file(s) unstaged');
}

function captureOptions(cmd: Command): Command {
  return writeOptions(cmd)
    .option('-t, --tag <tag>', 'tag (repeatable, or comma-separated)', collect)
    .option('-a, --anchor <path>', 'code path this entry is about (repeatable)', collect)
    .option('-l, --link <id>', 'related entry id (repeatable)', collect)
    .option('--supersedes <id>', 'entry this one replaces (repeatable)', collect)
    .option('-s, --status <status>', 'initial status (default: accepted / active / open)')
    .option('-f, --file <path>', 'read the body from a file (- for stdin)')
    .option('--agent <name>', 'the agent writing this (default: $ORIGIN_AGENT or detected)')
    .option('--no-edit', 'never open $EDITOR for the body')
    .option('--json', 'print the new entry as JSON');
}

interface CaptureFlags {
  tag?: string[];
  anchor?: string[];
  link?: string[];
  supersedes?: string[];
  status?: string;
  file?: string;
  agent?: string;
  edit?: boolean;
  commit?: boolean;
  stage?: boolean;
  json?: boolean;
}

function captureArgs(type: EntryType, title: string, body: string | undefined, o: CaptureFlags) {
  return {
    type,
    title,
    body,
    file: o.file,
    tags: o.tag,
    anchors: o.anchor,
    links: o.link,
    supersedes: o.supersedes,
    status: o.status,
    agent: o.agent,
    edit: o.edit,
    commit: o.commit,
    stage: o.stage,
    json: o.json,
  };
}
