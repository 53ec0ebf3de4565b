import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { type TestRepo, origin, originOk } from './repo.js';

/** Shared helpers for the end-to-end tests: they drive the real built CLI in real git repositories. */

export type RunOptions = { cwd?: string; input?: string; env?: Record<string, string | undefined> };

// biome-ignore lint/suspicious/noControlCharactersInRegex: detecting terminal escapes is the point
export const ANSI = /\u001b[[\]()#;?]*/;

/** Runs a capture (or any command printing one id) and returns the id it printed. */
export async function capture(repo: TestRepo, args: string[], options: RunOptions = {}): Promise<string> {
  const r = await originOk(args, { cwd: options.cwd ?? repo.dir, input: options.input, env: options.env });
  const id = r.stdout.trim();
  expect(id).toMatch(/^(dec|gtc|fup|ctx|hnd)-[0-9a-hjkmnp-tv-z]{8}$/);
  return id;
}

/** Runs the CLI expecting failure with `code`: the message goes to stderr, nothing to stdout. */
export async function originFails(repo: TestRepo | string, args: string[], code: number, options: RunOptions = {}) {
  const cwd = options.cwd ?? (typeof repo === 'string' ? repo : repo.dir);
  const r = await origin(args, { cwd, input: options.input, env: options.env });
  expect({ code: r.code, stdout: r.stdout }, `stderr: ${r.stderr}`).toEqual({ code, stdout: '' });
  expect(r.stderr.trim()).not.toBe('');
  return r;
}

/** Files in one `.origin/<folder>/`, without .gitkeep. */
export function entryFiles(repo: TestRepo, folder: string): string[] {
  try {
    return readdirSync(join(repo.dir, '.origin', folder))
      .filter((n) => n !== '.gitkeep')
      .sort();
  } catch {
    return [];
  }
}

/** Repo-relative path of the one file of an id. */
export function pathOf(repo: TestRepo, id: string): string {
  const folder = { dec: 'decisions', gtc: 'gotchas', fup: 'followups', ctx: 'context', hnd: 'handoffs' }[id.slice(0, 3)] as string;
  const names = entryFiles(repo, folder).filter((n) => n.startsWith(`${id}-`) || n === `${id}.md`);
  expect(names, `one file for ${id}`).toHaveLength(1);
  return `.origin/${folder}/${names[0]}`;
}

/** `git diff --cached --name-only`, sorted. */
export async function staged(repo: TestRepo): Promise<string[]> {
  return (await repo.git.raw(['diff', '--cached', '--name-only']))
    .split('\n')
    .filter(Boolean)
    .sort();
}

/** `git status --porcelain` lines, sorted. */
export async function porcelain(repo: TestRepo): Promise<string[]> {
  return (await repo.git.raw(['status', '--porcelain', '--untracked-files=all']))
    .split('\n')
    .filter(Boolean)
    .sort();
}

/**
 * A hand-written entry file, as a person or another tool would write it, with
 * an id chosen by the test. Returns the repo-relative path.
 */
export function writeEntry(
  repo: TestRepo,
  fields: { id: string; title: string; status?: string; created?: string; tags?: string[]; files?: string[]; links?: string[]; supersedes?: string[]; extra?: string; body?: string },
): string {
  const type = { dec: 'decision', gtc: 'gotcha', fup: 'followup', ctx: 'context', hnd: 'handoff' }[fields.id.slice(0, 3)] as string;
  const folder = { decision: 'decisions', gotcha: 'gotchas', followup: 'followups', context: 'context', handoff: 'handoffs' }[type] as string;
  const list = (key: string, values?: string[]) => (values?.length ? `${key}:\n${values.map((v) => `  - ${v}`).join('\n')}` : `${key}: []`);
  const lines = [
    '---',
    `id: ${fields.id}`,
    `type: ${type}`,
    `title: ${JSON.stringify(fields.title)}`,
    ...(fields.status ? [`status: ${fields.status}`] : []),
    `created: ${fields.created ?? '2026-01-01T00:00:00Z'}`,
    'author: Hand Writer',
    'agent: test',
    'session: 2026-01-01-000000',
    'branch: main',
    'commit: ""',
    list('tags', fields.tags),
    list('files', fields.files),
    list('links', fields.links),
    list('supersedes', fields.supersedes),
    'source: cli',
    ...(fields.extra ? [fields.extra.replace(/\n$/, '')] : []),
    '---',
  ];
  const slug = fields.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'entry';
  const rel = `.origin/${folder}/${fields.id}-${slug}.md`;
  repo.write(rel, `${lines.join('\n')}\n${fields.body ? `\n${fields.body}` : ''}`);
  return rel;
}

/** An initialised repository (with its layout committed, so later status checks see only what a test does). */
export async function initRepo(repo: TestRepo): Promise<TestRepo> {
  await originOk(['init'], { cwd: repo.dir });
  await repo.commitAll('origin init');
  return repo;
}
