import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { START_COMMAND, withStartHook } from '../core/claude-settings.js';
import { OriginError } from '../errors.js';
import type { CommandContext } from '../io.js';
import { IgnoredPathError, stagePaths } from '../git/git.js';
import { initLayout } from '../store/init.js';
import { layoutFor } from '../store/layout.js';
import { findRepoRoot } from '../git/git.js';

export interface InitOptions {
  json?: boolean;
  stage?: boolean;
  /** Also add the Claude Code SessionStart hook (see core/claude-settings.ts). */
  claudeHook?: boolean;
}

/** `origin init`: creates `.origin/` in the repository around cwd. Idempotent. */
export async function runInit(ctx: CommandContext, options: InitOptions): Promise<number> {
  const root = findRepoRoot(ctx.cwd);
  const layout = layoutFor(root);
  // The hook first: settings it cannot read stop the command before anything is written.
  const hook = options.claudeHook ? planClaudeHook(root) : undefined;
  const created = initLayout(layout);
  if (hook?.changed) {
    mkdirSync(dirname(hook.path), { recursive: true });
    writeFileSync(hook.path, hook.text);
    created.push(CLAUDE_SETTINGS);
  }
  let staged = created.length > 0 && options.stage !== false;
  if (staged) {
    try {
      stagePaths(root, created);
    } catch (err) {
      if (!(err instanceof IgnoredPathError)) throw err;
      ctx.io.stderr(`origin: warning: set up but not staged: ${err.message}\n`);
      staged = false;
    }
  }
  if (options.json) {
    ctx.io.stdout(`${JSON.stringify({ root, created, ...(hook ? { claudeHook: hook.changed ? 'added' : 'present' } : {}) }, null, 2)}\n`);
    return 0;
  }
  const lines =
    created.length === 0
      ? [`Origin is already set up in ${root} (nothing changed).`]
      : [`Set up Origin in ${root}:`, ...created.map((p) => `  + ${p}`), '', staged ? 'These files are staged; commit them with your next commit.' : 'These files are not staged.'];
  if (hook) lines.push('', hook.changed ? `Claude Code runs \`${START_COMMAND}\` at each new session (SessionStart hook in ${CLAUDE_SETTINGS}); \`origin\` must be on the PATH.` : `${CLAUDE_SETTINGS} already runs \`${START_COMMAND}\` at SessionStart.`);
  lines.push(
    '',
    'Next steps:',
    '  origin start                          briefing at the start of a session',
    '  origin decision "Use X for Y" "why"   capture a decision (also: gotcha, followup, context)',
    '  origin list                           what is remembered',
    '  origin handoff --summary "..."        end a session with a handoff',
  );
  ctx.io.stdout(`${lines.join('\n')}\n`);
  return 0;
}

const CLAUDE_SETTINGS = '.claude/settings.json';

/** The project's Claude Code settings with the SessionStart hook, refusing settings it cannot read (they are left as they are). */
function planClaudeHook(root: string): { path: string; changed: boolean; text: string } {
  const path = join(root, CLAUDE_SETTINGS);
  let parsed: unknown;
  if (existsSync(path)) {
    try {
      parsed = JSON.parse(readFileSync(path, 'utf8'));
    } catch (err) {
      throw new OriginError(`cannot add the hook: ${CLAUDE_SETTINGS} is not valid JSON (${(err as Error).message}); nothing was changed`);
    }
  }
  const result = withStartHook(parsed);
  if ('error' in result) throw new OriginError(`cannot add the hook: in ${CLAUDE_SETTINGS}, ${result.error}; nothing was changed`);
  return { path, changed: result.changed, text: `${JSON.stringify(result.settings, null, 2)}\n` };
}
