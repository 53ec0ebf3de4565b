import { describe, expect, it } from 'vitest';
import { hasStartHook, withStartHook } from '../src/core/claude-settings.js';

describe('the Claude Code SessionStart hook', () => {
  it('is added to empty or missing settings, and to a SessionStart list that runs other things', () => {
    expect(withStartHook(undefined)).toEqual({ settings: { hooks: { SessionStart: [{ matcher: 'startup|clear|compact', hooks: [{ type: 'command', command: 'origin start' }] }] } }, changed: true });
    const other = { hooks: { SessionStart: [{ hooks: [{ type: 'command', command: 'echo hi' }] }] } };
    const result = withStartHook(other);
    expect('settings' in result && result.settings.hooks).toMatchObject({ SessionStart: [other.hooks.SessionStart[0], { matcher: 'startup|clear|compact' }] });
  });

  it('is recognised however the command was written, and not added twice', () => {
    const mine = { hooks: { SessionStart: [{ matcher: 'startup', hooks: [{ type: 'command', command: 'npx --no-install origin start --budget 1500' }] }] } };
    expect(hasStartHook(mine)).toBe(true);
    expect(withStartHook(mine)).toEqual({ settings: mine, changed: false });
    expect(hasStartHook({ hooks: { SessionStart: [{ hooks: [{ type: 'command', command: 'originate start' }] }] } })).toBe(false);
  });

  it('refuses settings Claude Code would not read as hooks, rather than guess', () => {
    expect(withStartHook([])).toEqual({ error: 'it is not a JSON object' });
    expect(withStartHook({ hooks: [] })).toEqual({ error: '"hooks" is not an object' });
    expect(withStartHook({ hooks: { SessionStart: {} } })).toEqual({ error: '"hooks.SessionStart" is not a list' });
  });
});
