import { isStopWord, proseOf, stem, words } from '../core/text.js';
import { decisionText } from './decision-text.js';
import {
  ARRIVING,
  ASIDES,
  BACK_AFTER,
  CLAUSE_VERBS,
  COMMA,
  COPULAS,
  INFORMAL_NEGATION,
  JUDGEMENTS,
  KEEP_CUES,
  LEAVING,
  LIST_JOINS,
  NEGATE_CUES,
  NEGATIVE_JUDGEMENTS,
  NOT_A_CUE_BEFORE,
  PAIR_CUES,
  PRONOUNS,
  RELATIVES,
  RELOCATE_CUES,
  REPLACE_CUES,
  REPLACE_WIDTH,
  REPLACEMENT_END,
  REPORTING,
  SCOPE_END,
  SCOPE_WIDTH,
} from './stance-cues.js';

/**
 * What an entry speaks FOR and AGAINST. Two entries on the same topic can
 * record opposite decisions with nearly the same words ("we buy Shield
 * Advanced" / "Shield Standard is enough, we will not buy Advanced"); what
 * tells them apart is that one of them negates, replaces or keeps something
 * the other asserts or gives up. This is a deliberately small model of that:
 *
 *   - a cue opens a scope over the next few content words of its clause: a
 *     negation (not, no, never, without, "n't"), a contrast (rather than,
 *     instead of), or a verb of giving something up (avoid, drop, remove,
 *     replace X with, swap X for, combine X into...): those words are
 *     NEGATED;
 *   - a verb of keeping things as they are (keep, stay, remain, retain,
 *     continue) opens a scope of KEPT words;
 *   - every other content word is ASSERTED.
 *
 * It is read twice: over the whole entry, and over its statement of the
 * decision (title, "Decision" section, "we will..." sentences), where a
 * disagreement is the strongest evidence that two entries differ.
 */

export interface Polarity {
  negated: Map<string, number>;
  asserted: Map<string, number>;
  kept: Map<string, number>;
  /**
   * Every word of the phrases given up, the qualifiers of a head included
   * ("remove the API MONGO cluster"): what a "keep" on the other side is
   * checked against (keep api-mongo / remove the api-mongo cluster).
   */
  given?: Map<string, number>;
  /** Each term as the text first wrote it ("autoscaling", not the stem "autoscal"): explanations are read by people. */
  written?: Map<string, string>;
}

export interface Stance extends Polarity {
  /**
   * The same, for the statement of the decision: the title, a "Decision"
   * (or "Outcome", "Resolution") section, and sentences that say what was
   * chosen ("we will...", "we decided...", "we use..."). Two records of
   * the same decision agree there, whatever their context sections say.
   */
  decision: Polarity;
  /** Whether the body states its decision (a section, or a "we will..." sentence); without one, `decision` holds the title only. */
  stated: boolean;
}


function emptyPolarity(): Polarity {
  return { negated: new Map(), asserted: new Map(), kept: new Map(), given: new Map(), written: new Map() };
}

/** Splits text into clauses: sentence and clause punctuation, dashes, line breaks (commas are read inside the clause, see continuesList). */
function clauses(text: string): string[] {
  return text.split(/[.;:!?()[\]{}\n]+|\s[-–—]+\s/);
}


/**
 * Does the comma at `i` continue a list ("remove supertypes, subtypes and
 * attribute inheritance")? Yes when an "and"/"or" comes within the next few
 * words, before another comma, or when a short item is followed by another
 * comma. Otherwise the comma ends a phrase ("we drop Helm, the team prefers
 * Kustomize").
 */
function continuesList(ws: readonly string[], i: number): boolean {
  for (let k = i + 1; k < ws.length && k <= i + 5; k++) {
    const w = ws[k] as string;
    if (LIST_JOINS.has(w)) return k + 1 < ws.length && !CLAUSE_VERBS.has(ws[k + 1] as string);
    if (w === COMMA) return k - i <= 4;
  }
  return false;
}


interface Scope {
  kind: 'negated' | 'kept';
  /** Content words left before the scope is used up. */
  left: number;
  /** Ends at a preposition ("replace X with Y"). */
  replacing: boolean;
  /** Words in the scope so far, as [word, how many previous words it joins (camelCase), or 0]. */
  words: Array<[string, number]>;
}

/**
 * Reads one text into polarity maps. A scope collects its words and is
 * resolved when it ends: when something ends the phrase early (punctuation,
 * "but", the "with" of "replace X with"), the phrase is complete, and only
 * its last word, the head ("no ECR lifecycle POLICY", "remove the
 * Elasticsearch PROXY"), takes the scope's polarity; the words before it only
 * qualify it and count for neither side. A scope that runs out of width ends
 * mid-phrase, and all its words take the polarity.
 */
function analyseText(text: string, into: Polarity[]): void {
  const add = (key: 'negated' | 'asserted' | 'kept' | 'given', word: string) => {
    const term = stem(word);
    for (const p of into) {
      const map = p[key] ?? (p[key] = new Map());
      map.set(term, (map.get(term) ?? 0) + 1);
      const written = p.written ?? (p.written = new Map());
      if (!written.has(term)) written.set(term, word);
    }
  };
  // An asserted word read again as negated: one assertion fewer.
  const retract = (word: string) => {
    const term = stem(word);
    for (const p of into) {
      const n = p.asserted.get(term) ?? 0;
      if (n <= 1) p.asserted.delete(term);
      else p.asserted.set(term, n - 1);
    }
  };
  const close = (scope: Scope | undefined, complete: boolean) => {
    if (!scope) return;
    // The head is the last word, with the parts it joins ("code pipeline codepipeline").
    const last = scope.words.length - 1;
    const head = last - (scope.words[last]?.[1] ?? 0);
    scope.words.forEach(([w], k) => {
      if (!complete || k >= head) add(scope.kind, w);
      if (scope.kind === 'negated') add('given', w);
    });
  };
  // "don't", "won't", "can't" -> "do not", "wo not", "ca not": the tokenizer would otherwise drop the negation.
  // Written without the apostrophe too ("we dont expose an RPC server"), as notes often are.
  const prepared = text.replace(/([a-z])n['’]t\b/gi, '$1 not').replace(INFORMAL_NEGATION, '$1 not').replace(/\bcannot\b/gi, 'can not');
  // The state of the clause being read (the helpers below are made once per text, not per clause).
  let ws: string[] = [];
  let scope: Scope | undefined;
  const open = (kind: Scope['kind'], replacing: boolean) => {
    close(scope, true);
    scope = { kind, left: replacing ? REPLACE_WIDTH : SCOPE_WIDTH, replacing, words: [] };
  };
  const recent: string[] = [];
  // A RELOCATE verb came earlier in the clause: "from"/"out of" now open the place left.
  let relocating = false;
  // The words asserted so far in this clause, since the last word that ends
  // a scope, in order, with the index of the token each came from: what a
  // judgement ("it is not worth it") reads back to. Two arrays, not a pair
  // per word: this runs over every word of every entry.
  const said: string[] = [];
  const saidAt: number[] = [];
  /**
   * "X is not worth it", "X ... and decided it is not needed", "X and Y
   * are overkill": the phrase before the copula at `copula` (past a
   * pronoun and verbs of judging) is given up. Read like a complete scope:
   * its head (with the parts a camelCase head joins) is negated, its
   * qualifiers count for neither side. False when there is nothing to read
   * back to.
   */
  const judgedBack = (copula: number): boolean => {
    let end = copula;
    if (RELATIVES.has(ws[end - 1] as string)) return false;
    if (PRONOUNS.has(ws[end - 1] as string)) end--;
    let k = said.length - 1;
    while (k >= 0 && ((saidAt[k] as number) >= end || REPORTING.has(said[k] as string) || ASIDES.has(said[k] as string))) k--;
    if (k < 0) return false;
    while (k >= 0) {
      // The run of adjacent words that ends at k ("AWS Shield Advanced"), about as long as a scope.
      let first = k;
      while (first > 0 && k - first + 1 < SCOPE_WIDTH + 2 && saidAt[first - 1] === (saidAt[first] as number) - 1 && !REPORTING.has(said[first - 1] as string)) first--;
      const phrase = said.slice(first, k + 1);
      const head = phrase.length - 1 - joins(phrase.slice(0, -1), phrase[phrase.length - 1] as string);
      phrase.forEach((w, m) => {
        retract(w);
        if (m >= head) add('negated', w);
        add('given', w);
      });
      // "Helm and Kustomize are not needed": the item before "and" (or a comma) too.
      const before = (saidAt[first] as number) - 1;
      k = first - 1;
      if (k < 0 || !(LIST_JOINS.has(ws[before] as string) || ws[before] === COMMA) || saidAt[k] !== before - 1) break;
    }
    said.length = saidAt.length = Math.max(0, k + 1);
    return true;
  };
  /** How many tokens from `i` a judgement on what came before spans ("not worth", "no longer needed", "overkill"), or 0. */
  const judgementAt = (i: number): number => {
    const w = ws[i] as string;
    if (scope || !COPULAS.has(ws[i - 1] as string)) return 0;
    const negated = w === 'not' ? 1 : w === 'no' && ws[i + 1] === 'longer' ? 2 : 0;
    const judging = ws[i + negated];
    if (judging === undefined || !(negated > 0 ? JUDGEMENTS.has(judging) : NEGATIVE_JUDGEMENTS.has(judging))) return 0;
    // "it is not worth adding Redis", "it is not necessary to...": "it" stands for what follows.
    const after = ws[i + negated + 1];
    if (negated > 0 && ws[i - 2] === 'it' && after !== undefined && !BACK_AFTER.has(after)) return 0;
    return judgedBack(i - 1) ? negated + 1 : 0;
  };
  for (const clause of clauses(prepared)) {
    ws = clause.split(',').flatMap((piece, k) => (k > 0 ? [COMMA, ...words(piece)] : words(piece)));
    // (Typed as the union: open() sets it, which the compiler cannot see from here.)
    scope = undefined as Scope | undefined;
    recent.length = 0;
    relocating = false;
    said.length = saidAt.length = 0;
    for (let i = 0; i < ws.length; i++) {
      const w = ws[i] as string;
      const next = ws[i + 1];
      if (w === COMMA || (scope && LIST_JOINS.has(w))) {
        // A list goes on: each item is a phrase of its own, with the same polarity.
        if (scope && (w !== COMMA || continuesList(ws, i)) && !(next !== undefined && CLAUSE_VERBS.has(next))) {
          open(scope.kind, scope.replacing);
          continue;
        }
        if (scope) close(scope, true);
        else if (w === COMMA) relocating = false;
        scope = undefined;
        if (w === COMMA) continue;
      }
      const ends = SCOPE_END.has(w) || (scope?.replacing === true && REPLACEMENT_END.has(w)) || ((w === 'and' || w === 'or') && next !== undefined && CLAUSE_VERBS.has(next));
      if (ends) relocating = false;
      if (scope && ends) {
        close(scope, true);
        scope = undefined;
      }
      const judged = judgementAt(i);
      if (judged > 0) {
        i += judged - 1;
        continue;
      }
      const pair = PAIR_CUES.get(w);
      if (pair && next !== undefined && pair.has(next)) {
        open('negated', REPLACE_CUES.has(w) || RELOCATE_CUES.has(w));
        i++;
        continue;
      }
      // A word that ends a scope is a function word ("since", "unless"): it asserts nothing, and nothing before it is read back to.
      if (SCOPE_END.has(w)) {
        said.length = saidAt.length = 0;
        continue;
      }
      if (RELOCATE_CUES.has(w)) {
        relocating = true;
        continue;
      }
      if (relocating && !scope && next !== undefined && (LEAVING.has(w) || (w === 'out' && next === 'of'))) {
        open('negated', true);
        relocating = false;
        if (w === 'out') i++;
        continue;
      }
      // The move is complete at its destination: a later "from" is no place left ("moved to X and pull images from Y").
      if (relocating && ARRIVING.has(w)) relocating = false;
      if (!(next !== undefined && NOT_A_CUE_BEFORE.get(w)?.has(next))) {
        if (REPLACE_CUES.has(w) || NEGATE_CUES.has(w) || KEEP_CUES.has(w)) {
          open(KEEP_CUES.has(w) ? 'kept' : 'negated', REPLACE_CUES.has(w));
          continue;
        }
      }
      const joined = joins(recent, w);
      if (!joined && ((w.length < 2 && !/\d/.test(w)) || isStopWord(w))) continue;
      recent.push(w);
      if (recent.length > 4) recent.shift();
      if (scope && (scope.left > 0 || joined)) {
        scope.words.push([w, joined]);
        if (!joined) scope.left--;
        continue;
      }
      if (scope) {
        close(scope, false);
        scope = undefined;
      }
      add('asserted', w);
      said.push(w);
      saidAt.push(i);
    }
    close(scope, true);
  }
}

/** How many of the last words `w` joins (the tokenizer's camelCase form after its parts), or 0. */
function joins(recent: readonly string[], w: string): number {
  let joined = '';
  for (let k = recent.length - 1; k >= 0; k--) {
    joined = (recent[k] as string) + joined;
    if (joined.length > w.length) return 0;
    if (joined === w && k < recent.length - 1) return recent.length - k;
  }
  return 0;
}


export function stanceOf(title: string, body: string): Stance {
  const all = emptyPolarity();
  const decision = emptyPolarity();
  const prose = proseOf(body);
  analyseText(title, [all, decision]);
  analyseText(prose, [all]);
  const stated = decisionText(prose);
  analyseText(stated, [decision]);
  return { ...all, decision, stated: stated.trim() !== '' };
}
