import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as yamlParse } from 'yaml';
import { parseEntry } from '../src/core/entry.js';
import { parseYamlBlock } from '../src/core/frontmatter.js';
import { normaliseBody, serializeEntry } from '../src/core/serialize.js';
import { type Entry, KEY_ORDER, REQUIRED_KEYS } from '../src/core/types.js';
import { formatScalar, isPlainSafe, parseSimpleScalar } from '../src/core/yaml-scalar.js';

/**
 * The serialised format is a public contract (docs/FORMAT.md): these tests pin
 * it byte for byte against committed golden files in test/golden/.
 */
const GOLDEN = join(import.meta.dirname, 'golden');
const golden = (name: string) => readFileSync(join(GOLDEN, name), 'utf8');

const decisionFull: Entry = {
  id: 'dec-7k2m9x4q',
  type: 'decision',
  title: 'Use PostgreSQL for persistence',
  status: 'accepted',
  created: '2026-11-23T10:15:00Z',
  author: 'Ada Lovelace',
  agent: 'claude-code',
  session: '2026-11-23-4f8k2p',
  branch: 'feature/storage',
  commit: '3f9a1c2e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39',
  tags: ['storage', 'database'],
  files: ['src/db', 'src/db/pool.ts'],
  links: ['ctx-0a1b2c3d'],
  supersedes: ['dec-5h8j3n2r'],
  source: 'cli',
  extra: {},
  body: [
    'We need transactions that span the order and payment tables.',
    '',
    '## Why',
    '',
    'SQLite locks the whole database file on every write, and the checkout',
    'path writes from several workers at once.',
    '',
    '```sh',
    '# a shell comment inside a fence is not a heading',
    'docker compose up db',
    '```',
    '',
  ].join('\n'),
};

const contextMinimal: Entry = {
  id: 'ctx-0a1b2c3d',
  type: 'context',
  title: 'The API is internal only',
  status: 'active',
  created: '2026-11-20T08:00:00Z',
  author: '',
  agent: 'unknown',
  session: '2026-11-20-000000',
  branch: 'main',
  commit: '',
  tags: [],
  files: [],
  links: [],
  supersedes: [],
  source: 'cli',
  extra: {},
  body: '',
};

const followupClosed: Entry = {
  id: 'fup-9t4vw2zb',
  type: 'followup',
  title: 'Add an index on orders.customer_id',
  status: 'done',
  created: '2026-11-21T16:40:05Z',
  closed: '2026-11-24T09:02:11Z',
  author: 'Grace Hopper',
  agent: 'codex',
  session: '2026-11-21-qq7r1m',
  branch: 'main',
  commit: '0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e',
  tags: ['performance'],
  files: ['db/migrations'],
  links: [],
  supersedes: [],
  merged_from: ['fup-3m5n7p9r'],
  source: 'mcp',
  extra: {},
  body: 'The customer page scans the whole orders table.\n\n## Resolution\n\nAdded in migration 0042; the page now takes 12 ms.\n',
};

const gotchaQuoting: Entry = {
  id: 'gtc-x1y2z3w4',
  type: 'gotcha',
  title: 'Esc \u001b[31m, bell \u0007 and 🎉: "quoted" # not a comment',
  status: 'active',
  created: '2026-11-22T12:00:00Z',
  author: "Zoë O'Brien",
  agent: '',
  session: '2026-11-22-abcdef',
  branch: 'fix/ci',
  commit: '',
  tags: ['yes', '2024', 'null', 'v1.2', '1.2', 'c++', '.env', '-leading', '~', 'trailing:'],
  files: ['docs/my file.md', 'src/[id].ts', 'C:\\temp'],
  links: [],
  supersedes: [],
  source: 'cli',
  extra: { reviewer: 'Bob', priority: 3, due: '2026-12-01', meta: { origin: 'imported', lines: [1, 2] } },
  body: 'Line one.\n\n    indented code stays indented\n',
};

const GOLDENS: [string, Entry][] = [
  ['decision-full.md', decisionFull],
  ['context-minimal.md', contextMinimal],
  ['followup-closed.md', followupClosed],
  ['gotcha-quoting.md', gotchaQuoting],
];

describe('serializeEntry: golden files', () => {
  it('has a fixture for every golden file', () => {
    const files = readdirSync(GOLDEN).filter((n) => n.endsWith('.md')).sort();
    expect(files).toEqual(GOLDENS.map(([n]) => n).sort());
  });

  for (const [name, entry] of GOLDENS) {
    it(`writes ${name} byte for byte`, () => {
      expect(serializeEntry(entry)).toBe(golden(name));
    });

    it(`reads ${name} back into the same entry`, () => {
      expect(parseEntry(golden(name))).toEqual(entry);
    });

    it(`round-trips ${name} (parse then serialise) byte-identically`, () => {
      const text = golden(name);
      expect(serializeEntry(parseEntry(text))).toBe(text);
      // and a second pass changes nothing either
      expect(serializeEntry(parseEntry(serializeEntry(parseEntry(text))))).toBe(text);
    });

    it(`${name} uses LF only, ends with exactly one newline, and holds no tabs or trailing spaces in front matter`, () => {
      const text = golden(name);
      expect(text).not.toContain('\r');
      expect(text.endsWith('\n')).toBe(true);
      expect(text.endsWith('\n\n')).toBe(false);
      const fm = text.split('\n---\n')[0] as string;
      for (const line of fm.split('\n')) {
        expect(line).not.toMatch(/[ \t]$/);
        expect(line).not.toContain('\t');
      }
    });

    it(`${name} is read identically by a general YAML 1.2 parser`, () => {
      const text = golden(name);
      const yaml = text.slice(4, text.indexOf('\n---\n') + 1);
      const viaLibrary = yamlParse(yaml, { schema: 'core' }) as Record<string, unknown>;
      const viaOurs = parseYamlBlock(yaml);
      expect(viaOurs).toEqual(viaLibrary);
      expect(viaLibrary.title).toBe(entry.title);
      expect(viaLibrary.created).toBe(entry.created);
    });
  }
});

describe('serializeEntry: key order and required keys', () => {
  it('writes the standard keys in the documented fixed order', () => {
    const text = serializeEntry({ ...followupClosed, distinct: ['fup-0000aaaa'], extra: { zeta: 'last' } });
    const keys = text
      .split('\n---\n')[0]!
      .split('\n')
      .slice(1)
      .filter((l) => /^[a-z_]+:/.test(l))
      .map((l) => l.slice(0, l.indexOf(':')));
    expect(keys).toEqual([...KEY_ORDER, 'zeta']);
  });

  it('always writes every required key, even when its value is empty', () => {
    const text = serializeEntry(contextMinimal);
    for (const key of REQUIRED_KEYS) expect(text).toMatch(new RegExp(`^${key}:`, 'm'));
    expect(text).toContain('\ntags: []\n');
    expect(text).toContain('\ncommit: ""\n');
  });

  it('leaves out the optional keys (closed, merged_from) when they are absent or empty', () => {
    const text = serializeEntry({ ...contextMinimal, merged_from: [] });
    expect(text).not.toMatch(/^closed:/m);
    expect(text).not.toMatch(/^merged_from:/m);
  });

  it('writes unknown keys after the standard ones, in the order they were read', () => {
    const text = golden('gotcha-quoting.md');
    const entry = parseEntry(text);
    expect(Object.keys(entry.extra)).toEqual(['reviewer', 'priority', 'due', 'meta']);
    const out = serializeEntry({ ...entry, tags: [...entry.tags, 'new'] });
    expect(out.indexOf('source: cli')).toBeLessThan(out.indexOf('reviewer: Bob'));
    expect(out).toContain('reviewer: Bob\npriority: 3\ndue: 2026-12-01\nmeta:\n  origin: imported\n  lines:\n    - 1\n    - 2\n---\n');
  });

  it('keeps unknown keys (including nested values) through a rewrite of another field', () => {
    const entry = parseEntry(golden('gotcha-quoting.md'));
    const rewritten = parseEntry(serializeEntry({ ...entry, status: 'obsolete' }));
    expect(rewritten.extra).toEqual(entry.extra);
    expect(rewritten.status).toBe('obsolete');
  });

  it('keeps an unknown key named __proto__ as data (it does not replace the prototype)', () => {
    const text = `${serializeEntry(contextMinimal).replace(/\n---\n$/, '\n__proto__: kept\n---\n')}`;
    const entry = parseEntry(text);
    expect(Object.keys(entry.extra)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(entry.extra)).toBe(Object.prototype);
    expect(serializeEntry(entry)).toBe(text);
  });
});

describe('serializeEntry: bodies', () => {
  it('puts one blank line between the front matter and a body, and nothing after an empty body', () => {
    expect(serializeEntry({ ...contextMinimal, body: 'x' })).toMatch(/\n---\n\nx\n$/);
    expect(serializeEntry(contextMinimal)).toMatch(/\nsource: cli\n---\n$/);
  });

  it('normalises CRLF and CR to LF, trims leading blank lines and trailing whitespace, ends with one newline', () => {
    expect(normaliseBody('\r\n\r\nline 1\r\nline 2\rline 3  \n\n\n')).toBe('line 1\nline 2\nline 3\n');
    expect(normaliseBody('   \n\t\n')).toBe('');
    // A line of spaces first is an empty line too (an ADR's "# Title\n \nDate: ..." once its heading is taken for the title); indented code is kept.
    expect(normaliseBody(' \n \t\nDate: 2018-09-26\n')).toBe('Date: 2018-09-26\n');
    expect(normaliseBody('\n    indented code\n')).toBe('    indented code\n');
    expect(normaliseBody('')).toBe('');
  });

  it('keeps leading indentation of the first line (indented code)', () => {
    expect(normaliseBody('    code\n')).toBe('    code\n');
  });

  it('keeps "---" lines in the body as body text', () => {
    const entry = { ...contextMinimal, body: 'above\n\n---\n\nbelow\n' };
    const text = serializeEntry(entry);
    expect(parseEntry(text).body).toBe(entry.body);
    expect(serializeEntry(parseEntry(text))).toBe(text);
  });
});

describe('scalar quoting', () => {
  const plain = ['Use PostgreSQL', 'feature/login', 'src/db/pool.ts', '2026-11-23T10:15:00Z', '2026-11-23', "don't", 'a:b', 'C++', '.env', '_private', '(draft) plan', 'Zoë', 'v1.2', 'x = y', 'a, b', 'user@example.com', '...'];
  const quoted = [
    '',
    'yes',
    'No',
    'TRUE',
    'off',
    'null',
    'Null',
    '~',
    'y',
    '123',
    '1.5',
    '-1',
    '1e10',
    '0x1F',
    '0o17',
    '0b101',
    '.inf',
    '.NaN',
    '1_000',
    '- item',
    '-leading',
    '# heading',
    'a #comment',
    'key: value',
    'ends with colon:',
    'trailing space ',
    ' leading space',
    '"quoted"',
    "'single'",
    '[flow]',
    '{flow}',
    '&anchor',
    '*alias',
    '!tag',
    '%directive',
    '@at',
    '`tick`',
    '|block',
    '>folded',
    '?question',
    'emoji 🎉',
    'tab\there',
    'new\nline',
    'esc \u001b[0m',
    'nul \u0000',
    'back\\slash',
    'ünïcödé combining e\u0301',
    'line sep \u2028 here',
    'del \u007f and nel \u0085',
    'bom \ufeff inside',
    'C:\\temp',
  ];

  it.each(plain)('writes %j plain', (value) => {
    expect(isPlainSafe(value)).toBe(true);
    expect(formatScalar(value)).toBe(value);
  });

  it.each(quoted)('writes %j double-quoted with JSON escapes', (value) => {
    expect(isPlainSafe(value)).toBe(false);
    const written = formatScalar(value);
    expect(written.startsWith('"') && written.endsWith('"')).toBe(true);
    expect(JSON.parse(written)).toBe(value);
    if (!/[\u007f-\u009f\u2028\u2029\ufeff]/.test(value)) expect(written).toBe(JSON.stringify(value));
  });

  it('escapes what JSON leaves raw but YAML calls non-printable or a line break (DEL, C1, U+2028/9, BOM)', () => {
    expect(formatScalar('del \u007f')).toBe('"del \\u007f"');
    expect(formatScalar('nel \u0085 csi \u009b')).toBe('"nel \\u0085 csi \\u009b"');
    expect(formatScalar('a\u2028b\u2029c')).toBe('"a\\u2028b\\u2029c"');
    expect(formatScalar('bom \ufeff')).toBe('"bom \\ufeff"');
  });

  it.each([...plain, ...quoted])('%j reads back exactly, through our reader and through a YAML 1.2 parser', (value) => {
    const written = formatScalar(value);
    expect(parseSimpleScalar(written)).toBe(value);
    expect(yamlParse(`k: ${written}\n`, { schema: 'core' })).toEqual({ k: value });
    expect(yamlParse(`k:\n  - ${written}\n`, { schema: 'core' })).toEqual({ k: [value] });
  });

  it('never writes a raw control character, newline or tab into front matter', () => {
    const entry = { ...contextMinimal, title: 'a\u0001b\u001bc\u007fd\u0085e\u2028f', author: 'line1\nline2', branch: 'tab\tbranch' };
    const text = serializeEntry(entry);
    const fm = text.slice(0, text.lastIndexOf('\n---\n'));
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for them is the point
    expect(fm.split('\n').every((line) => !/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(line))).toBe(true);
    expect(parseEntry(text)).toEqual(entry);
  });
});
