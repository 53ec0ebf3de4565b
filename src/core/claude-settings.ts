/**
 * The Claude Code hook that runs `origin start` when a session opens, so the
 * briefing reaches the agent without anyone asking for it: Claude Code adds
 * what a SessionStart hook prints to the session's context. It fires on a
 * new session, after /clear and after a compaction (when the context lost
 * the briefing), not on a resumed conversation, which has it already.
 *
 * Pure: takes the parsed `.claude/settings.json` and returns it with the
 * hook added, every other setting and hook kept as it was.
 */

export const START_COMMAND = 'origin start';
export const START_MATCHER = 'startup|clear|compact';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether the settings already run `origin start` on SessionStart (however the user wrote the rest of the command). */
export function hasStartHook(settings: unknown): boolean {
  if (!isObject(settings) || !isObject(settings.hooks)) return false;
  const groups = settings.hooks.SessionStart;
  if (!Array.isArray(groups)) return false;
  return groups.some(
    (g) => isObject(g) && Array.isArray(g.hooks) && g.hooks.some((h) => isObject(h) && typeof h.command === 'string' && /\borigin(\.js)?\s+start\b/.test(h.command)),
  );
}

/**
 * The settings with the SessionStart hook added, or an explanation of why
 * they cannot take it (a `hooks` or `SessionStart` that is not what Claude
 * Code reads: changing it would be guessing).
 */
export function withStartHook(settings: unknown): { settings: Json; changed: boolean } | { error: string } {
  if (settings !== undefined && !isObject(settings)) return { error: 'it is not a JSON object' };
  const base: Json = settings ?? {};
  if (hasStartHook(base)) return { settings: base, changed: false };
  if (base.hooks !== undefined && !isObject(base.hooks)) return { error: '"hooks" is not an object' };
  const hooks: Json = base.hooks ?? {};
  if (hooks.SessionStart !== undefined && !Array.isArray(hooks.SessionStart)) return { error: '"hooks.SessionStart" is not a list' };
  const group = { matcher: START_MATCHER, hooks: [{ type: 'command', command: START_COMMAND }] };
  return { settings: { ...base, hooks: { ...hooks, SessionStart: [...((hooks.SessionStart as unknown[]) ?? []), group] } }, changed: true };
}
