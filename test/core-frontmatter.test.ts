import { describe, expect, it } from 'vitest';
import { EntryError, cleanTitle, entryFromData, parseEntry, validateNewEntry, MAX_BODY_BYTES, MAX_TITLE_LENGTH } from '../src/core/entry.js';
import { FrontMatterError, hasFrontMatter, parseFrontMatter, parseYamlBlock, splitFrontMatter } from '../src/core/frontmatter.js';
import { serializeEntry } from '../src/core/serialize.js';

const MINIMAL = ['---', 'id: dec-7k2m9x4q', 'type: decision', 'title: Use PostgreSQL', '---', ''].join('\n');

describe('splitFrontMatter', () => {
  it('splits the YAML block from the body and drops the one blank line after the closing ---', () => {
    expect(splitFrontMatter('---\na: 1\n---\n\nbody\n')).toEqual({ yaml: 'a: 1', body: 'body\n' });
    expect(splitFrontMatter('---\na: 1\n---\nbody\n')).toEqual({ yaml: 'a: 1', body: 'body\n' });
  });

  it('returns undefined when the file does not start with ---', () => {
    expect(splitFrontMatter('# Title\n\n---\na: 1\n---\n')).toBeUndefined();
    expect(hasFrontMatter('plain text')).toBe(false);
    expect(hasFrontMatter('---\na: 1\n---\n')).toBe(true);
  });

  it('accepts a byte-order mark, CRLF line endings and a "..." closing line', () => {
    expect(splitFrontMatter('\uFEFF---\r\na: 1\r\nb: 2\r\n---\r\n\r\nline\r\nline2\r\n')).toEqual({ yaml: 'a: 1\nb: 2', body: 'line\nline2\n' });
    expect(splitFrontMatter('---\na: 1\n...\nbody')).toEqual({ yaml: 'a: 1', body: 'body' });
  });

  it('closes an empty block and a block at the very end of the file', () => {
    expect(splitFrontMatter('---\n---\nbody')).toEqual({ yaml: '', body: 'body' });
    expect(splitFrontMatter('---\na: 1\n---')).toEqual({ yaml: 'a: 1', body: '' });
  });

  it('ends the block at the first --- line, so later --- lines belong to the body', () => {
    expect(splitFrontMatter('---\na: 1\n---\n\none\n---\ntwo\n')?.body).toBe('one\n---\ntwo\n');
  });

  it('refuses a block that is never closed', () => {
    expect(() => splitFrontMatter('---\na: 1\nno end\n')).toThrow(FrontMatterError);
    expect(() => splitFrontMatter('---\na: 1\nno end\n')).toThrow(/not closed/);
  });
});

describe('only YAML front matter is read, and it is never executed', () => {
  it.each(['js', 'javascript', 'coffee', 'toml', 'json'])('refuses ---%s front matter', (lang) => {
    expect(() => parseFrontMatter(`---${lang}\n{ "id": "dec-7k2m9x4q" }\n---\n`)).toThrow(FrontMatterError);
    expect(() => parseFrontMatter(`---${lang}\n{ "id": "dec-7k2m9x4q" }\n---\n`)).toThrow(`front matter language "${lang}" is not supported`);
  });

  it('does not evaluate ---js front matter (no side effect happens)', () => {
    const g = globalThis as Record<string, unknown>;
    delete g.__originPwned;
    const text = '---js\n{ id: (globalThis.__originPwned = true, "dec-7k2m9x4q"), type: "decision", title: "x" }\n---\n';
    expect(() => parseEntry(text)).toThrow(FrontMatterError);
    expect(g.__originPwned).toBeUndefined();
  });

  it('does not run YAML tags that would construct objects: !!js/function is not a known tag', () => {
    const g = globalThis as Record<string, unknown>;
    delete g.__originPwned2;
    const yaml = 'id: dec-7k2m9x4q\nx: !!js/function "function(){ globalThis.__originPwned2 = true }"';
    let data: Record<string, unknown> | undefined;
    try {
      data = parseYamlBlock(yaml);
    } catch (err) {
      expect(err).toBeInstanceOf(FrontMatterError);
    }
    if (data) expect(typeof data.x).not.toBe('function');
    expect(g.__originPwned2).toBeUndefined();
  });
});

describe('parseYamlBlock', () => {
  it('keeps dates and timestamps as the strings they were written as (YAML 1.2 core schema)', () => {
    const data = parseYamlBlock('created: 2026-11-23\nclosed: 2026-11-24T09:02:11Z\nwhen: 2026-11-23 10:00:00');
    expect(data).toEqual({ created: '2026-11-23', closed: '2026-11-24T09:02:11Z', when: '2026-11-23 10:00:00' });
  });

  it('keeps dates as strings on the full-parser path too (a comment forces it)', () => {
    const data = parseYamlBlock('# hand-edited\ncreated: 2026-11-23\ndue: 2026-12-01T00:00:00Z\nyes_word: yes');
    expect(data).toEqual({ created: '2026-11-23', due: '2026-12-01T00:00:00Z', yes_word: 'yes' });
  });

  it('reads hand-written YAML the fast path does not handle: flow lists, single quotes, comments, unindented lists', () => {
    const yaml = ["title: 'It''s fine' # a comment", 'tags: [a, b]', 'files:', '- src/a.ts', '- src/b.ts', 'n: 3', 'flag: true'].join('\n');
    expect(parseYamlBlock(yaml)).toEqual({ title: "It's fine", tags: ['a', 'b'], files: ['src/a.ts', 'src/b.ts'], n: 3, flag: true });
  });

  it('reads `key:` alone as null, and an empty block as no keys', () => {
    expect(parseYamlBlock('a:\nb: x')).toEqual({ a: null, b: 'x' });
    expect(parseYamlBlock('')).toEqual({});
  });

  it('refuses invalid YAML and non-mappings with a FrontMatterError', () => {
    expect(() => parseYamlBlock('id: [broken')).toThrow(FrontMatterError);
    expect(() => parseYamlBlock('- a\n- b')).toThrow(/not a mapping/);
    expect(() => parseYamlBlock('just a string')).toThrow(/not a mapping/);
  });

  it('refuses alias bombs instead of expanding them', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 0; i < 8; i++) {
      const prev = String.fromCharCode(97 + i);
      const next = String.fromCharCode(98 + i);
      lines.push(`${next}: &${next} [*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev}]`);
    }
    expect(() => parseYamlBlock(lines.join('\n'))).toThrow(FrontMatterError);
  });
});

describe('parseEntry / entryFromData', () => {
  it('fills defaults for a minimal hand-written entry', () => {
    const e = parseEntry(MINIMAL);
    expect(e).toMatchObject({ id: 'dec-7k2m9x4q', type: 'decision', title: 'Use PostgreSQL', status: 'accepted', created: '', tags: [], files: [], links: [], supersedes: [], extra: {}, body: '' });
    expect(e.closed).toBeUndefined();
    expect(e.merged_from).toBeUndefined();
  });

  it('uses the first status of the type as the default', () => {
    const text = (type: string) => MINIMAL.replace('type: decision', `type: ${type}`);
    expect(parseEntry(text('gotcha')).status).toBe('active');
    expect(parseEntry(text('followup')).status).toBe('open');
    expect(parseEntry(text('context')).status).toBe('active');
    expect(parseEntry(text('handoff')).status).toBe('final');
  });

  it('is forgiving when reading: a status outside the list still loads', () => {
    expect(parseEntry(MINIMAL.replace('title: Use PostgreSQL', 'title: Use PostgreSQL\nstatus: someday')).status).toBe('someday');
  });

  it('turns scalar lists and numbers into strings, and drops empty items', () => {
    const e = entryFromData({ id: 'dec-7k2m9x4q', type: 'decision', title: 42, tags: 'single', files: [1, '', null, 'x'], links: null }, '');
    expect(e.title).toBe('42');
    expect(e.tags).toEqual(['single']);
    expect(e.files).toEqual(['1', 'x']);
    expect(e.links).toEqual([]);
  });

  it.each([
    [{ type: 'decision', title: 't' }, 'no "id"'],
    [{ id: 'dec-7k2m9x4q', title: 't' }, 'no "type"'],
    [{ id: 'dec-7k2m9x4q', type: 'essay', title: 't' }, 'unknown type "essay"'],
    [{ id: 'dec-7k2m9x4q', type: 'decision' }, 'no "title"'],
  ])('refuses %j (%s)', (data, message) => {
    expect(() => entryFromData(data as Record<string, unknown>, '')).toThrow(EntryError);
    expect(() => entryFromData(data as Record<string, unknown>, '')).toThrow(message);
  });

  it('refuses a file without front matter', () => {
    expect(() => parseEntry('# Just markdown\n')).toThrow(/no front matter/);
  });

  it('reads a CRLF file and writes it back with LF only', () => {
    const crlf = `${MINIMAL.replace(/\n/g, '\r\n')}\r\nBody line\r\n`;
    const out = serializeEntry(parseEntry(crlf));
    expect(out).not.toContain('\r');
    expect(parseEntry(out).body).toBe('Body line\n');
  });
});

describe('validateNewEntry and cleanTitle', () => {
  it('accepts a plain entry', () => {
    expect(validateNewEntry({ type: 'decision', title: 'ok', body: 'b', tags: ['db', 'v1.2', 'team/api'], files: ['src/x.ts'], links: [] })).toEqual([]);
  });

  it('reports an empty title, a too-long title, a wrong status and a too-large body', () => {
    expect(validateNewEntry({ type: 'decision', title: '   ' })).toEqual(['the title is empty']);
    expect(validateNewEntry({ type: 'decision', title: 'x'.repeat(MAX_TITLE_LENGTH) })).toEqual([]);
    expect(validateNewEntry({ type: 'decision', title: 'x'.repeat(MAX_TITLE_LENGTH + 1) })[0]).toMatch(/limit is 300/);
    expect(validateNewEntry({ type: 'followup', title: 't', status: 'accepted' })[0]).toMatch(/not a status of a followup; use one of: open, done, dropped/);
    expect(validateNewEntry({ type: 'decision', title: 't', body: 'x'.repeat(MAX_BODY_BYTES) })).toEqual([]);
    expect(validateNewEntry({ type: 'decision', title: 't', body: 'x'.repeat(MAX_BODY_BYTES + 1) })[0]).toMatch(/the limit is 256 KiB/);
  });

  it('counts the body limit in UTF-8 bytes, not characters', () => {
    const emoji = '🎉'.repeat(MAX_BODY_BYTES / 4 + 1); // 4 bytes each
    expect(validateNewEntry({ type: 'decision', title: 't', body: emoji })).toHaveLength(1);
  });

  it('refuses tags that are not one word, and anchors with control characters', () => {
    expect(validateNewEntry({ type: 'decision', title: 't', tags: ['two words'] })[0]).toMatch(/tag "two words"/);
    expect(validateNewEntry({ type: 'decision', title: 't', tags: ['-x'] })).toHaveLength(1);
    expect(validateNewEntry({ type: 'decision', title: 't', files: ['a\nb'] })[0]).toMatch(/control characters/);
  });

  it('collapses whitespace runs in titles, and keeps everything else', () => {
    expect(cleanTitle('  Use\tPostgres\n\nnow  ')).toBe('Use Postgres now');
    expect(cleanTitle('../../etc/passwd')).toBe('../../etc/passwd');
    expect(cleanTitle('🎉 a\u0001b')).toBe('🎉 a\u0001b');
  });
});
