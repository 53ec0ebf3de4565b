import { isStopWord, stem, words } from '../core/text.js';
import { proseOf } from './analyse.js';

/**
 * Which terms an entry speaks AGAINST. Two entries on the same topic can
 * record opposite decisions with nearly the same words ("we buy Shield
 * Advanced" / "Shield Standard is enough, we will not buy Advanced"); what
 * tells them apart is that one of them negates, rejects or replaces
 * something the other asserts. This is a deliberately small model of that:
 *
 *   - a cue opens a scope: a negation (not, no, never, without, "n't"), a
 *     contrast (rather than, instead of, as opposed to), or a verb of
 *     giving something up (avoid, reject, drop, remove, replace, stop...);
 *   - the scope covers the next few content words, up to the end of the
 *     clause (punctuation, "but", "however", or "with"/"by" after replace);
 *   - every term in a scope is "negated" in that entry, every other
 *     occurrence "asserted".
 *
 * The verifier then looks for terms negated on one side and only asserted on
 * the other. Same-polarity mentions ("we won't use X" / "X is not used") never
 * conflict, so faithful restatements of a negative decision pass.
 */

export interface Stance {
  /** Stemmed terms found inside a negation/contrast scope, with counts. */
  negated: Map<string, number>;
  /** Stemmed terms found outside any scope, with counts. */
  asserted: Map<string, number>;
}

/** Words that open a scope on their own. */
const CUES = new Set([
  'not',
  'no',
  'never',
  'nor',
  'neither',
  'without',
  'against',
  'unlike',
  'except',
  'excluding',
  'avoid',
  'avoids',
  'avoided',
  'avoiding',
  'reject',
  'rejects',
  'rejected',
  'rejecting',
  'drop',
  'drops',
  'dropped',
  'dropping',
  'remove',
  'removes',
  'removed',
  'removing',
  'abandon',
  'abandons',
  'abandoned',
  'deprecate',
  'deprecates',
  'deprecated',
  'replace',
  'replaces',
  'replaced',
  'replacing',
  'retire',
  'retires',
  'retired',
  'stop',
  'stops',
  'stopped',
  'ditch',
  'ditched',
  'forgo',
  'skip',
  'skips',
  'skipped',
]);

/** A cue followed by one of these is not a negation ("not only", "no matter", "instead of" handled as a pair). */
const NOT_A_CUE_BEFORE = new Map<string, ReadonlySet<string>>([
  ['not', new Set(['only', 'just', 'necessarily', 'least'])],
  ['no', new Set(['matter', 'doubt'])],
]);

/** Two-word cues: the second word must follow the first. */
const PAIR_CUES = new Map<string, ReadonlySet<string>>([
  ['rather', new Set(['than'])],
  ['as', new Set(['opposed'])],
  ['instead', new Set(['of'])],
  ['no', new Set(['longer'])],
  ...['move', 'moves', 'moved', 'moving'].map((w): [string, ReadonlySet<string>] => [w, new Set(['away'])]),
  ...['migrate', 'migrates', 'migrated', 'migrating'].map((w): [string, ReadonlySet<string>] => [w, new Set(['away', 'off'])]),
]);

/** Words that end a scope inside a clause. */
const SCOPE_END = new Set(['but', 'however', 'whereas', 'instead', 'so', 'because', 'which', 'while', 'unless', 'until']);
/** After "replace"/"migrate away from" the scope ends at "with"/"by"/"to": what comes next is the new choice. */
const REPLACEMENT_END = new Set(['with', 'by', 'to', 'for']);
const REPLACE_CUES = new Set(['replace', 'replaces', 'replaced', 'replacing', 'move', 'moving', 'moved', 'moves', 'migrate', 'migrating', 'migrated']);

/** Content words a scope reaches at most. */
const SCOPE_WIDTH = 6;

/** Splits text into clauses: sentence and clause punctuation, dashes, line breaks. */
function clauses(text: string): string[] {
  return text.split(/[.;:!?,()[\]{}\n]+|\s[-–—]+\s/);
}

export function stanceOf(title: string, body: string): Stance {
  const negated = new Map<string, number>();
  const asserted = new Map<string, number>();
  const add = (map: Map<string, number>, term: string) => map.set(term, (map.get(term) ?? 0) + 1);
  // "don't", "won't", "can't" -> "do not", "wo not", "ca not": the tokenizer would otherwise drop the negation.
  const text = `${title}\n${proseOf(body)}`.replace(/([a-z])n['’]t\b/gi, '$1 not');
  for (const clause of clauses(text)) {
    const ws = words(clause);
    let scope = 0;
    let replacing = false;
    for (let i = 0; i < ws.length; i++) {
      const w = ws[i] as string;
      const next = ws[i + 1];
      if (scope > 0 && (SCOPE_END.has(w) || (replacing && REPLACEMENT_END.has(w)))) {
        scope = 0;
        replacing = false;
      }
      const pair = PAIR_CUES.get(w);
      if (pair && next !== undefined && pair.has(next)) {
        scope = SCOPE_WIDTH;
        replacing = REPLACE_CUES.has(w);
        i++;
        continue;
      }
      if (CUES.has(w) && !(next !== undefined && NOT_A_CUE_BEFORE.get(w)?.has(next))) {
        scope = SCOPE_WIDTH;
        replacing = REPLACE_CUES.has(w);
        continue;
      }
      if ((w.length < 2 && !/\d/.test(w)) || isStopWord(w)) continue;
      const term = stem(w);
      if (scope > 0) {
        add(negated, term);
        scope--;
        if (scope === 0) replacing = false;
      } else add(asserted, term);
    }
  }
  return { negated, asserted };
}
