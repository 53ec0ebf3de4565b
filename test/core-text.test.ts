import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stem, terms, words } from '../src/core/text.js';
import { firstSentence, leadSentence } from '../src/core/sections.js';
import { makeSnippet } from '../src/recall/snippet.js';
import { seeded } from './helpers/seeded.js';

// words() reads ASCII text with a scan of char codes and anything else with
// a Unicode pattern. The two must never disagree: recall's index and
// refine's analysis depend on the same tokens.

/** The Unicode path, whatever the text: a non-ASCII character at the end sends words() down it. */
function unicodeWords(text: string): string[] {
  return words(`${text} é`).slice(0, -1);
}


describe('words', () => {
  it('splits camelCase, keeps the joined form, drops an apostrophe suffix', () => {
    expect(words("useEffect runs; don't rock'n'roll it's2 team's XMLHttp request_id v1.2")).toEqual([
      'use',
      'effect',
      'useeffect',
      'runs',
      'don',
      'rock',
      'roll',
      'it',
      '2',
      'team',
      'xmlhttp',
      'request',
      'id',
      'v1',
      '2',
    ]);
  });

  it('gives the same words on the ASCII path as on the Unicode one, on random text', () => {
    const r = seeded(5);
    const alphabet = "abcXYZ019 '_-./`\n\t()[]#*ABz";
    for (let k = 0; k < 3000; k++) {
      const len = Math.floor(r() * 40);
      let text = '';
      for (let i = 0; i < len; i++) text += alphabet[Math.floor(r() * alphabet.length)];
      expect(words(text), JSON.stringify(text)).toEqual(unicodeWords(text));
    }
  });

  const corpus = resolve(__dirname, '..', '..', 'shared', 'corpus', 'adr');
  it.runIf(existsSync(corpus))('gives the same words on both paths for every ASCII record of the ADR corpus', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (name.endsWith('.md')) files.push(p);
      }
    };
    walk(corpus);
    let ascii = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      if (/[\u0080-\uffff]/.test(text)) continue;
      ascii++;
      expect(words(text), file).toEqual(unicodeWords(text));
    }
    expect(ascii).toBeGreaterThan(100);
  });

  if (!existsSync(corpus)) it('skips the corpus comparison: ../shared/corpus is absent', () => expect(existsSync(corpus)).toBe(false));

  it('folds accents and reads other scripts on the Unicode path', () => {
    expect(words('Café naïve Ünïcode Straße 東京')).toEqual(['cafe', 'naive', 'unicode', 'straße', '東京']);
    expect(terms('Deploying the deployments')).toEqual(['deploy', 'deploy']);
  });
});

describe('inline markup in previews', () => {
  it('keeps what is text in notes about code: underscores, comparison signs, a lone asterisk, code in backticks', () => {
    expect(firstSentence('Set statement_timeout >= 30s or the __init__.py import fails; x*y stays.')).toBe('Set statement_timeout >= 30s or the __init__.py import fails; x*y stays.');
    expect(firstSentence('Run `npm run build` before **every** release, *not* after.')).toBe('Run npm run build before every release, not after.');
    expect(firstSentence('> Quoted: see [the docs](https://example.com/x) first.')).toBe('Quoted: see the docs first.');
    const snip = makeSnippet('Set statement_timeout >= 30s or the `session_store` import fails.', [stem('timeout')]);
    expect(snip.text).toBe('Set statement_timeout >= 30s or the session_store import fails.');
    // Refine's provenance line shows as words, not as markup.
    const merged = makeSnippet('Pool of 10 connections.\n\n_Merged from gtc-1234abcd (“Pool size”, 2026-01-02), which added nothing else._', [stem('pool')], 400);
    expect(merged.text).toBe('Pool of 10 connections. Merged from gtc-1234abcd (“Pool size”, 2026-01-02), which added nothing else.');
  });
});

describe('firstSentence', () => {
  it('ends the sentence at a full stop, not at an abbreviation or a decimal point', () => {
    expect(firstSentence('Fixed the bug in e.g. the retry path. Then more.')).toBe('Fixed the bug in e.g. the retry path.');
    expect(firstSentence('Version 2.5 is out and works well. Next.')).toBe('Version 2.5 is out and works well.');
    expect(firstSentence('We moved persistence to PostgreSQL. Orders are transactional now.')).toBe('We moved persistence to PostgreSQL.');
    // A first sentence under 20 characters runs on into the next.
    expect(firstSentence('Use Postgres. It is good.')).toBe('Use Postgres. It is good.');
    // The next sentence may begin in lower case (a command, an identifier), and an initial is not a sentence.
    expect(firstSentence('Upgraded Node to v20. npm ci now works again.')).toBe('Upgraded Node to v20.');
    expect(firstSentence('Renamed the config loader. getConfig() is gone now.')).toBe('Renamed the config loader.');
    expect(firstSentence('Reviewed with J. Smith on Monday. All good.')).toBe('Reviewed with J. Smith on Monday.');
  });
});

describe('leadSentence', () => {
  it("skips a decision record's metadata: its Status section, Date and Deciders lines, metadata tables", () => {
    expect(leadSentence('Date: 2018-03-06\n\n## Status\n\nAccepted\n\n## Context\n\nWe run DNS for every environment ourselves.\n')).toBe('We run DNS for every environment ourselves.');
    expect(leadSentence('- Status: accepted\n- Deciders: web team\n- Date: 2020-09-24\n\n## Context and Problem Statement\n\nWhich format should records use?\n')).toBe('Which format should records use?');
    expect(leadSentence('| Metadata | Value |\n|---|---|\n| Date | 2025-04-09 |\n\n## Context\n\nWe wish to expose TTLs in Key-Value.\n')).toBe('We wish to expose TTLs in Key-Value.');
    expect(leadSentence('The status quo: we deploy by hand.\n')).toBe('The status quo: we deploy by hand.');
  });

  it('keeps a sentence that merely opens with such a word, metadata after the prose, and a body that is all metadata', () => {
    expect(leadSentence('Status: the API returns 200 even on failure.\n')).toBe('Status: the API returns 200 even on failure.');
    expect(leadSentence('Date: parsing uses the local zone, not UTC.\n')).toBe('Date: parsing uses the local zone, not UTC.');
    expect(leadSentence('Pin Node 20.\n\nStatus: accepted\n')).toBe('Pin Node 20. Status: accepted');
    expect(leadSentence('Date: 2018-03-06\n\n## Status\n\nAccepted\n')).toBe('Date: 2018-03-06 Accepted');
  });
});
