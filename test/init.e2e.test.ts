import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ANSI, originFails, porcelain, staged } from './helpers/e2e.js';
import { makeRepo, originJson, originOk, tempDir } from './helpers/repo.js';

const LAYOUT = [
  '.gitattributes',
  '.origin/.gitignore',
  '.origin/README.md',
  '.origin/config.yml',
  '.origin/context/.gitkeep',
  '.origin/decisions/.gitkeep',
  '.origin/followups/.gitkeep',
  '.origin/gotchas/.gitkeep',
  '.origin/handoffs/.gitkeep',
];

/** Every file under .origin/ (and .gitattributes) with its bytes. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const name of readdirSync(join(dir, rel))) {
      const r = `${rel}/${name}`;
      if (statSync(join(dir, r)).isDirectory()) walk(r);
      else out[r] = readFileSync(join(dir, r), 'utf8');
    }
  };
  walk('.origin');
  out['.gitattributes'] = readFileSync(join(dir, '.gitattributes'), 'utf8');
  return out;
}

describe('origin init', () => {
  it('creates the layout, config, README, .gitignore and .gitattributes, and stages them', async () => {
    const repo = await makeRepo();
    const r = await originOk(['init'], { cwd: repo.dir });
    for (const path of LAYOUT) {
      expect(existsSync(join(repo.dir, path)), path).toBe(true);
      expect(r.stdout).toContain(`+ ${path}`);
    }
    expect(await staged(repo)).toEqual(LAYOUT);
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toMatch(ANSI);
  });

  it('writes the documented config, README and .origin/.gitignore', async () => {
    const repo = await makeRepo();
    await originOk(['init'], { cwd: repo.dir });
    const config = repo.read('.origin/config.yml');
    expect(config).toMatch(/^format: 1$/m);
    expect(config).toMatch(/^budget: 2000$/m);
    expect(config).toMatch(/^autoCommit: false$/m);
    expect(repo.read('.origin/.gitignore').split('\n')).toContain('.cache/');
    const readme = repo.read('.origin/README.md');
    for (const folder of ['handoffs/', 'decisions/', 'gotchas/', 'followups/', 'context/', 'wiki/']) expect(readme).toContain(folder);
  });

  it('adds the .gitattributes lines: LF for memory files, generated wiki pages', async () => {
    const repo = await makeRepo();
    await originOk(['init'], { cwd: repo.dir });
    const lines = repo.read('.gitattributes').split('\n');
    expect(lines).toContain('.origin/** text eol=lf');
    expect(lines).toContain('.origin/wiki/** linguist-generated=true');
    const attr = await repo.git.raw(['check-attr', 'eol', 'linguist-generated', '--', '.origin/decisions/x.md', '.origin/wiki/page.md']);
    expect(attr).toContain('.origin/decisions/x.md: eol: lf');
    expect(attr).toContain('.origin/wiki/page.md: linguist-generated: true');
  });

  it('keeps an existing .gitattributes (even without a final newline) and appends only what is missing', async () => {
    const repo = await makeRepo();
    repo.write('.gitattributes', '*.png binary\n.origin/** text eol=lf');
    await originOk(['init'], { cwd: repo.dir });
    const text = repo.read('.gitattributes');
    expect(text.startsWith('*.png binary\n.origin/** text eol=lf\n')).toBe(true);
    expect(text.match(/\.origin\/\*\* text eol=lf/g)).toHaveLength(1);
    expect(text.endsWith('.origin/wiki/** linguist-generated=true\n')).toBe(true);
  });

  it('is idempotent: a second run changes nothing and says so', async () => {
    const repo = await makeRepo();
    await originOk(['init'], { cwd: repo.dir });
    const before = snapshot(repo.dir);
    const statusBefore = await porcelain(repo);
    const r = await originOk(['init'], { cwd: repo.dir });
    expect(r.stdout).toContain('nothing changed');
    expect(snapshot(repo.dir)).toEqual(before);
    expect(await porcelain(repo)).toEqual(statusBefore);
    expect(await originJson<{ created: string[] }>(['init'], { cwd: repo.dir })).toMatchObject({ created: [] });
  });

  it('does not overwrite a config the user changed', async () => {
    const repo = await makeRepo();
    await originOk(['init'], { cwd: repo.dir });
    repo.write('.origin/config.yml', 'format: 1\nautoCommit: true\n');
    await originOk(['init'], { cwd: repo.dir });
    expect(repo.read('.origin/config.yml')).toBe('format: 1\nautoCommit: true\n');
  });

  it('works from a subfolder: the layout goes to the repository root', async () => {
    const repo = await makeRepo();
    repo.write('packages/app/src/index.ts', 'export {};\n');
    const json = await originJson<{ root: string; created: string[] }>(['init'], { cwd: join(repo.dir, 'packages/app/src') });
    expect(json.created.sort()).toEqual(LAYOUT);
    expect(existsSync(join(repo.dir, '.origin/config.yml'))).toBe(true);
    expect(existsSync(join(repo.dir, 'packages/app/src/.origin'))).toBe(false);
  });

  it('--json prints the root and the created paths', async () => {
    const repo = await makeRepo();
    const json = await originJson<{ root: string; created: string[] }>(['init'], { cwd: repo.dir });
    expect(json.created.sort()).toEqual(LAYOUT);
    expect(typeof json.root).toBe('string');
    expect(existsSync(join(json.root, '.origin/config.yml'))).toBe(true);
  });

  it('--no-stage leaves the created files unstaged', async () => {
    const repo = await makeRepo();
    await originOk(['init', '--no-stage'], { cwd: repo.dir });
    expect(await staged(repo)).toEqual([]);
    expect(existsSync(join(repo.dir, '.origin/config.yml'))).toBe(true);
  });

  it('works in a repository with no commits yet', async () => {
    const repo = await makeRepo({ commit: false });
    await originOk(['init'], { cwd: repo.dir });
    expect(await staged(repo)).toEqual(LAYOUT);
  });

  it('fails clearly (exit 1, stderr only) outside a git repository', async () => {
    const dir = tempDir();
    const r = await originFails(dir, ['init'], 1);
    expect(r.stderr).toContain('not inside a git repository');
    expect(r.stderr).toContain('git init');
    expect(existsSync(join(dir, '.origin'))).toBe(false);
  });

  it('fails clearly when -C names a folder that does not exist', async () => {
    const r = await originFails(tempDir(), ['-C', 'no/such/folder', 'init'], 1);
    expect(r.stderr).toContain('no such folder');
    expect(r.stderr).not.toContain('git is not installed');
  });

  it('fails clearly when -C names a file, not a folder', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'notes.txt'), 'x');
    const r = await originFails(dir, ['-C', 'notes.txt', 'list'], 1);
    expect(r.stderr).toContain('not a folder');
    expect(r.stderr).not.toContain('not inside a git repository');
  });

  it('keeps the cache folder out of git', async () => {
    const repo = await makeRepo();
    await originOk(['init'], { cwd: repo.dir });
    await originOk(['decision', 'Anything', 'body'], { cwd: repo.dir });
    expect(existsSync(join(repo.dir, '.origin/.cache'))).toBe(true);
    const ignored = await repo.git.raw(['check-ignore', '.origin/.cache/session.json']);
    expect(ignored.trim()).toBe('.origin/.cache/session.json');
    expect((await porcelain(repo)).some((l) => l.includes('.cache'))).toBe(false);
  });

  it('--claude-hook adds a SessionStart hook running origin start, keeping every other setting, once', async () => {
    const repo = await makeRepo();
    repo.write('.claude/settings.json', `${JSON.stringify({ permissions: { allow: ['Bash(npm test)'] }, hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: 'echo pre' }] }] } }, null, 2)}\n`);
    const r = await originOk(['init', '--claude-hook'], { cwd: repo.dir });
    expect(r.stdout).toContain('SessionStart hook');
    const settings = JSON.parse(repo.read('.claude/settings.json'));
    expect(settings.permissions).toEqual({ allow: ['Bash(npm test)'] });
    expect(settings.hooks.PreToolUse).toHaveLength(1);
    expect(settings.hooks.SessionStart).toEqual([{ matcher: 'startup|clear|compact', hooks: [{ type: 'command', command: 'origin start' }] }]);
    expect(await staged(repo)).toContain('.claude/settings.json');
    const before = repo.read('.claude/settings.json');
    const again = await originJson<{ created: string[]; claudeHook: string }>(['init', '--claude-hook', '--json'], { cwd: repo.dir });
    expect(again).toMatchObject({ created: [], claudeHook: 'present' });
    expect(repo.read('.claude/settings.json')).toBe(before);
  });

  it('--claude-hook refuses settings it cannot read (exit 1) and changes nothing', async () => {
    const repo = await makeRepo();
    repo.write('.claude/settings.json', '{ "hooks": [ }');
    const r = await originFails(repo, ['init', '--claude-hook'], 1);
    expect(r.stderr).toContain('not valid JSON');
    expect(repo.read('.claude/settings.json')).toBe('{ "hooks": [ }');
    expect(existsSync(join(repo.dir, '.origin'))).toBe(false);
  });
});
