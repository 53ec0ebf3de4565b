import { describe, expect, it } from 'vitest';
import { ID_ALPHABET, ID_RANDOM_LENGTH, idMatches, isValidId, newId, normaliseIdQuery } from '../src/core/id.js';
import { MAX_SLUG_LENGTH, entryFileName, idFromFileName, slugify } from '../src/core/slug.js';
import { ENTRY_TYPES, TYPE_PREFIX } from '../src/core/types.js';

const ID_FORMAT = /^(hnd|dec|gtc|fup|ctx)-[0-9a-hjkmnp-tv-z]{8}$/;

describe('ids', () => {
  it('uses Crockford base32: digits and lower-case letters without i, l, o, u', () => {
    expect(ID_ALPHABET).toBe('0123456789abcdefghjkmnpqrstvwxyz');
    expect(new Set(ID_ALPHABET).size).toBe(32);
    for (const c of 'ilou') expect(ID_ALPHABET).not.toContain(c);
    expect(ID_RANDOM_LENGTH).toBe(8);
  });

  it.each(ENTRY_TYPES)('a new %s id is <3-letter type prefix>-<8 Crockford base32>', (type) => {
    for (let i = 0; i < 200; i++) {
      const id = newId(type);
      expect(id).toMatch(ID_FORMAT);
      expect(id.startsWith(`${TYPE_PREFIX[type]}-`)).toBe(true);
      expect(isValidId(id)).toBe(true);
    }
  });

  it('has one distinct 3-letter prefix per type', () => {
    expect(TYPE_PREFIX).toEqual({ handoff: 'hnd', decision: 'dec', gotcha: 'gtc', followup: 'fup', context: 'ctx' });
    expect(new Set(Object.values(TYPE_PREFIX)).size).toBe(ENTRY_TYPES.length);
  });

  it('maps each random byte to one character, modulo 32 (unbiased, since 256 = 8 x 32)', () => {
    const bytes = [0, 31, 32, 63, 200, 255, 10, 17];
    const id = newId('decision', (n) => Uint8Array.from(bytes.slice(0, n)));
    expect(id).toBe(`dec-${bytes.map((b) => ID_ALPHABET[b % 32]).join('')}`);
    expect(id).toBe('dec-0z0z8zah');
  });

  it('uses every character of the alphabet, in every position, across many ids', () => {
    const seen = Array.from({ length: ID_RANDOM_LENGTH }, () => new Set<string>());
    for (let i = 0; i < 3000; i++) {
      const random = newId('gotcha').slice(4);
      for (let p = 0; p < ID_RANDOM_LENGTH; p++) seen[p]!.add(random[p]!);
    }
    for (const s of seen) expect(s.size).toBe(32);
  });

  it('generates 20,000 ids of one type without a duplicate', () => {
    // Birthday bound: 20k^2 / (2 * 32^8) ~ 1.8e-4 chance of a collision; the
    // writer also creates files exclusively, so a collision can never overwrite.
    const ids = new Set<string>();
    for (let i = 0; i < 20_000; i++) ids.add(newId('decision'));
    expect(ids.size).toBe(20_000);
  });

  it('documents the collision maths: ~0.45% chance of any collision among 100k entries of one type', () => {
    const N = 32 ** 8;
    const n = 100_000;
    const p = 1 - Math.exp((-n * (n - 1)) / (2 * N));
    expect(N).toBe(1_099_511_627_776);
    expect(p).toBeGreaterThan(0.0044);
    expect(p).toBeLessThan(0.0046);
  });

  it.each(['dec-7k2m9x4q', 'hnd-00000000', 'ctx-zzzzzzzz'])('accepts %s as a valid id', (id) => {
    expect(isValidId(id)).toBe(true);
  });

  it.each(['DEC-7K2M9X4Q', 'dec-7k2m9x4', 'dec-7k2m9x4qq', 'abc-7k2m9x4q', 'dec-7k2m9x4i', 'dec-7k2m9x4u', 'dec_7k2m9x4q', ' dec-7k2m9x4q'])(
    'rejects %j as an id',
    (id) => {
      expect(isValidId(id)).toBe(false);
    },
  );
});

describe('id queries (prefix matching)', () => {
  it('normalises case and Crockford look-alikes in the random part only', () => {
    expect(normaliseIdQuery(' DEC-7K2M ')).toBe('dec-7k2m');
    expect(normaliseIdQuery('ctx-LoI0')).toBe('ctx-1010');
    expect(normaliseIdQuery('lo')).toBe('10');
  });

  it('matches a prefix of the full id, with the type prefix', () => {
    expect(idMatches('dec-7k2m9x4q', 'dec-7k2m9x4q')).toBe(true);
    expect(idMatches('dec-7k2m9x4q', 'dec-7k')).toBe(true);
    expect(idMatches('dec-7k2m9x4q', 'dec-')).toBe(true);
    expect(idMatches('dec-7k2m9x4q', 'DEC-7K')).toBe(true);
    expect(idMatches('dec-7k2m9x4q', 'gtc-7k')).toBe(false);
    expect(idMatches('dec-7k2m9x4q', 'dec-7m')).toBe(false);
  });

  it('matches a prefix of the random part alone, without the type prefix', () => {
    expect(idMatches('dec-7k2m9x4q', '7')).toBe(true);
    expect(idMatches('dec-7k2m9x4q', '7k2m')).toBe(true);
    expect(idMatches('dec-7k2m9x4q', '7k2m9x4q')).toBe(true);
    expect(idMatches('dec-7k2m9x4q', 'k2m')).toBe(false);
  });

  it('treats i, l and o in a query as 1, 1 and 0', () => {
    expect(idMatches('ctx-10aaaaaa', 'ctx-lo')).toBe(true);
    expect(idMatches('ctx-10aaaaaa', 'IO')).toBe(true);
  });

  it('matches nothing for an empty query', () => {
    expect(idMatches('dec-7k2m9x4q', '')).toBe(false);
    expect(idMatches('dec-7k2m9x4q', '   ')).toBe(false);
  });
});

describe('slugs and file names', () => {
  it.each([
    ['Use PostgreSQL for persistence', 'use-postgresql-for-persistence'],
    ["Don't trust the cache", 'dont-trust-the-cache'],
    ['Café au lait, naïve façade', 'cafe-au-lait-naive-facade'],
    ['../../etc/passwd', 'etc-passwd'],
    ['a/b\\c', 'a-b-c'],
    ['..', 'entry'],
    ['/', 'entry'],
    ['', 'entry'],
    ['🎉🚀', 'entry'],
    ['🎉 Ship it 🚀', 'ship-it'],
    ['tab\there\nnewline\u0000nul\u001b[31mred', 'tab-here-newline-nul-31mred'],
    ['  --Many---dashes--  ', 'many-dashes'],
    ['日本語のタイトル', 'entry'],
    ['ＦＵＬＬＷＩＤＴＨ ｔｅｘｔ', 'fullwidth-text'],
    ['C:\\Windows\\System32', 'c-windows-system32'],
    ['CON', 'con'],
  ])('slugify(%j) = %j', (title, slug) => {
    expect(slugify(title)).toBe(slug);
  });

  it('is always [a-z0-9-], never starts or ends with "-", never holds ".." or a separator', () => {
    const nasty = ['../x', '..\\x', '.hidden', 'x/../../y', '\u202eevil', 'a\u0000b', '%2e%2e%2f', '~/x', '$(rm -rf /)', '`id`', 'x'.repeat(500)];
    for (const t of nasty) {
      const s = slugify(t);
      expect(s).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(s.length).toBeLessThanOrEqual(MAX_SLUG_LENGTH);
    }
  });

  it(`cuts long titles to at most ${MAX_SLUG_LENGTH} characters, at a word boundary when it can`, () => {
    const title = 'Prefer composition over inheritance for the plugin loader in every package of the monorepo';
    const slug = slugify(title);
    expect(slug.length).toBeLessThanOrEqual(MAX_SLUG_LENGTH);
    expect(slug).toBe('prefer-composition-over-inheritance-for-the');
    expect(slugify('x'.repeat(100))).toBe('x'.repeat(MAX_SLUG_LENGTH));
  });

  it('names an entry file <id>-<slug>.md and reads the id back from it', () => {
    expect(entryFileName('dec-7k2m9x4q', 'Use PostgreSQL')).toBe('dec-7k2m9x4q-use-postgresql.md');
    expect(entryFileName('gtc-x1y2z3w4', '🎉')).toBe('gtc-x1y2z3w4-entry.md');
    expect(idFromFileName('dec-7k2m9x4q-use-postgresql.md')).toBe('dec-7k2m9x4q');
    expect(idFromFileName('dec-7k2m9x4q.md')).toBe('dec-7k2m9x4q');
    expect(idFromFileName('README.md')).toBeUndefined();
    expect(idFromFileName('.gitkeep')).toBeUndefined();
  });
});
