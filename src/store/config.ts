import { readFileSync } from 'node:fs';
import { yamlLib } from '../core/yaml-lazy.js';
import type { Layout } from './layout.js';

/** `.origin/config.yml`: the format version and the defaults a project may change. */
export interface OriginConfig {
  /** Version of the on-disk format (docs/FORMAT.md). */
  format: number;
  /** Token budget of the `origin start` briefing. */
  budget: number;
  /** Commit each capture on its own (true) or only stage it (false). */
  autoCommit: boolean;
  /** `origin refine` merges the duplicates it is confident about (true), or only suggests them (false). */
  autoMerge: boolean;
  /** Branch whose handoffs a new branch falls back to; detected when unset. */
  defaultBranch?: string;
}

export const FORMAT_VERSION = 1;
/** The smallest briefing budget a config may set. */
export const MIN_BUDGET = 200;
export const DEFAULT_CONFIG: OriginConfig = { format: FORMAT_VERSION, budget: 2000, autoCommit: false, autoMerge: true };

export const CONFIG_TEXT = `# Origin settings for this repository. The format is documented in docs/FORMAT.md
# of the origin package; this file is safe to edit by hand.
format: ${FORMAT_VERSION}
# Token budget of the briefing printed by \`origin start\`.
budget: ${DEFAULT_CONFIG.budget}
# true: every capture makes a commit of its own file(s) only.
# false: captures are staged, to go into your next commit with the code.
autoCommit: false
# true: \`origin refine\` merges the duplicates it is confident about.
# false: it merges nothing and suggests them, for \`origin merge\`.
autoMerge: true
`;

/**
 * The settings, defaults where the file says nothing usable. `problems`, when
 * given, receives a line for each setting that was not usable (a wrong type,
 * a key misspelt by its case): a safety switch such as autoMerge must not be
 * ignored without a word.
 */
export function readConfig(layout: Layout, problems?: string[]): OriginConfig {
  let text: string;
  try {
    text = readFileSync(layout.config, 'utf8');
  } catch {
    return { ...DEFAULT_CONFIG };
  }
  let data: unknown = parseFlatConfig(text);
  if (data === undefined) {
    try {
      data = yamlLib().parse(text, { schema: 'core', logLevel: 'error' });
    } catch (err) {
      // Unreadable, it may have said autoMerge: false: merging nothing is the harmless way to be wrong.
      problems?.push(`not valid YAML (${String((err as Error).message).split('\n')[0]}); every setting has its default, except that refine merges nothing on its own until it is fixed`);
      return { ...DEFAULT_CONFIG, autoMerge: false };
    }
  }
  if (data !== null && data !== undefined && (typeof data !== 'object' || Array.isArray(data))) {
    problems?.push(`is not a list of settings (key: value lines); every setting has its default`);
  }
  const d = (data && typeof data === 'object' && !Array.isArray(data) ? data : {}) as Record<string, unknown>;
  const config: OriginConfig = { ...DEFAULT_CONFIG };
  const bad = (key: string, wanted: string, instead?: string) => {
    if (!(key in d)) return;
    const fallback = (DEFAULT_CONFIG as unknown as Record<string, unknown>)[key];
    const applies = instead ?? (fallback === undefined ? 'it stays unset' : `the default, ${JSON.stringify(fallback)}, applies`);
    problems?.push(`${key} must be ${wanted} (it is ${JSON.stringify(d[key])}); ${applies}`);
  };
  if (typeof d.format === 'number') {
    config.format = d.format;
    // A store written by a newer Origin: read on, but say that this one may not know all of it.
    if (d.format > FORMAT_VERSION) problems?.push(`format is ${d.format}, newer than this origin reads (${FORMAT_VERSION}): upgrade origin, as it may misread or rewrite what a newer one wrote`);
  } else bad('format', 'a number');
  // The smallest budget that holds a briefing's header and handoff (as --budget and the MCP start tool require).
  if (typeof d.budget === 'number' && d.budget >= MIN_BUDGET) config.budget = Math.floor(d.budget);
  else bad('budget', `a number of tokens, at least ${MIN_BUDGET}`);
  if (typeof d.autoCommit === 'boolean') config.autoCommit = d.autoCommit;
  else bad('autoCommit', 'true or false');
  if (typeof d.autoMerge === 'boolean') config.autoMerge = d.autoMerge;
  else if ('autoMerge' in d) {
    // A safety switch set to something unreadable ("no", "off"): whoever set it most likely meant off, and merging nothing is the harmless way to be wrong.
    config.autoMerge = false;
    bad('autoMerge', 'true or false', 'refine merges nothing on its own until it is');
  }
  if (typeof d.defaultBranch === 'string' && d.defaultBranch) config.defaultBranch = d.defaultBranch;
  else bad('defaultBranch', 'a branch name');
  const known = ['format', 'budget', 'autoCommit', 'autoMerge', 'defaultBranch'];
  for (const key of Object.keys(d)) {
    const meant = known.find((k) => k !== key && k.toLowerCase() === key.toLowerCase());
    if (!meant) continue;
    // The safety switch again: "automerge: false" was meant as off, and is read so unless autoMerge itself says otherwise.
    if (meant === 'autoMerge' && d[key] !== true && !('autoMerge' in d)) {
      config.autoMerge = false;
      problems?.push(`${key} is not a setting: did you mean ${meant}? (refine merges nothing on its own until it is spelt autoMerge)`);
    } else problems?.push(`${key} is not a setting: did you mean ${meant}? (it is ignored)`);
  }
  return config;
}

/**
 * config.yml as written by `origin init`: flat `key: value` lines and
 * comments. Read without the YAML library (it is slow to load); anything
 * fancier falls back to it.
 */
function parseFlatConfig(text: string): Record<string, unknown> | undefined {
  const data: Record<string, unknown> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([A-Za-z_][\w-]*):\s*(.*?)\s*(?:\s#.*)?$/.exec(line);
    if (!m) return undefined;
    const value = m[2] as string;
    if (/^(true|false)$/.test(value)) data[m[1] as string] = value === 'true';
    else if (/^\d+$/.test(value)) data[m[1] as string] = Number(value);
    else if (/^[\w./-]+$/.test(value)) data[m[1] as string] = value;
    else return undefined;
  }
  return data;
}
