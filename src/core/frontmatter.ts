import { yamlLib } from './yaml-lazy.js';
import { parseSimpleScalar } from './yaml-scalar.js';

/**
 * Splits a markdown file into its YAML front matter and body, and parses the
 * front matter as data. Only YAML is accepted: a `---js` (or any other
 * language) block is refused, never evaluated. Values are read with the YAML
 * 1.2 core schema, so `created: 2026-11-23` stays the string it was written as.
 */
export interface FrontMatter {
  data: Record<string, unknown>;
  body: string;
}

export class FrontMatterError extends Error {}

const OPEN = /^\uFEFF?---[ \t]*(\S*)[ \t]*\r?\n/;

export function hasFrontMatter(text: string): boolean {
  return OPEN.test(text);
}

export function splitFrontMatter(text: string): { yaml: string; body: string } | undefined {
  const open = OPEN.exec(text);
  if (!open) return undefined;
  if (open[1]) throw new FrontMatterError(`front matter language "${open[1]}" is not supported (only YAML is read)`);
  const start = open[0].length;
  // Search from the newline that ended the opening line, so that an empty
  // block (`---` straight after `---`) closes too.
  const found = findClosing(text, start - 1);
  if (!found) throw new FrontMatterError('front matter is not closed by a "---" line');
  const [yamlEnd, bodyStart] = found;
  const body = text.slice(bodyStart).replace(/\r\n?/g, '\n').replace(/^\n/, '');
  return { yaml: text.slice(start, Math.max(start, yamlEnd)).replace(/\r\n?/g, '\n'), body };
}

function findClosing(text: string, from: number): [number, number] | undefined {
  const re = /\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/g;
  re.lastIndex = from;
  const m = re.exec(text);
  if (!m) return undefined;
  return [m.index, m.index + m[0].length];
}

export function parseFrontMatter(text: string): FrontMatter {
  const split = splitFrontMatter(text);
  if (!split) throw new FrontMatterError('no front matter (a file must start with a "---" line)');
  return { data: parseYamlBlock(split.yaml), body: split.body };
}

/** Fast path for what our serialiser writes; anything else goes to the YAML parser. */
export function parseYamlBlock(yaml: string): Record<string, unknown> {
  const fast = parseSimpleBlock(yaml);
  if (fast) return fast;
  let data: unknown;
  try {
    // logLevel 'error': an unknown tag (`!custom x`) must not print a Node warning on stderr.
    data = yamlLib().parse(yaml, { schema: 'core', uniqueKeys: false, maxAliasCount: 100, logLevel: 'error' });
  } catch (err) {
    const message = err instanceof Error ? (err.message.split('\n')[0] as string).replace(/:$/, '') : String(err);
    throw new FrontMatterError(`front matter is not valid YAML: ${message}`);
  }
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data)) throw new FrontMatterError('front matter is not a mapping of keys to values');
  return data as Record<string, unknown>;
}

const KEY_LINE = /^([A-Za-z_][A-Za-z0-9_-]*):(?: (.*))?$/;
const ITEM_LINE = /^ {2}- (.*)$/;

function parseSimpleBlock(yaml: string): Record<string, unknown> | undefined {
  const data: Record<string, unknown> = {};
  // The key whose value is a block list being read, if any (`key:` then `  - item` lines).
  let listKey: string | undefined;
  for (const line of yaml.split('\n')) {
    if (line === '') continue;
    const item = ITEM_LINE.exec(line);
    if (item) {
      const value = parseSimpleScalar(item[1] as string);
      if (listKey === undefined || value === undefined) return undefined;
      const current = data[listKey];
      if (Array.isArray(current)) current.push(value);
      else data[listKey] = [value];
      continue;
    }
    const kv = KEY_LINE.exec(line);
    if (!kv) return undefined;
    const key = kv[1] as string;
    const raw = kv[2];
    if (key in data) return undefined;
    listKey = undefined;
    if (raw === undefined || raw === '') {
      listKey = key;
      data[key] = null; // YAML reads `key:` alone as null, unless list items follow
    } else if (raw === '[]') {
      data[key] = [];
    } else {
      const value = parseSimpleScalar(raw);
      if (value === undefined) return undefined;
      data[key] = value;
    }
  }
  return data;
}
