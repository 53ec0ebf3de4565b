import { isStopWord, stem, words } from '../core/text.js';
import { proseOf } from './analyse.js';

/**
 * What an entry speaks FOR and AGAINST. Two entries on the same topic can
 * record opposite decisions with nearly the same words ("we buy Shield
 * Advanced" / "Shield Standard is enough, we will not buy Advanced"); what
 * tells them apart is that one of them negates, replaces or keeps something
 * the other asserts or changes. This is a deliberately small model of that:
 *
 *   - a cue opens a scope over the next few content words, to the end of the
 *     clause: a negation (not, no, never, without, "n't"), a contrast
 *     (rather than, instead of, as opposed to), or a verb of giving something
 *     up (avoid, reject, drop, remove, replace, stop, retire...): the words
 *     in it are NEGATED;
 *   - a verb of keeping things as they are (keep, stay, remain, retain,
 *     continue) opens a scope of KEPT words;
 *   - every other content word is ASSERTED.
 *
 * The title is analysed on its own as well: it is where an entry states its
 * decision, so a conflict with a title is the strongest evidence there is.
 */

export interface Polarity {
  negated: Map<string, number>;
  asserted: Map<string, number>;
  kept: Map<string, number>;
}

export interface Stance extends Polarity {
  /** The same, for the title alone. */
  title: Polarity;
  /**
   * The same, for the statement of the decision: the title, a "Decision"
   * (or "Outcome", "Resolution") section, and sentences that say what was
   * chosen ("we will...", "we decided...", "we use..."). Two records of
   * the same decision agree there, whatever their context sections say.
   */
  decision: Polarity;
}

const NEGATIONS = ['not', 'no', 'never', 'nor', 'neither', 'without', 'against', 'unlike', 'except', 'excluding'];

/** A verb with its inflections, spelled out: "stop" -> stops, stopped, stopping. */
function forms(list: string): string[] {
  return list.split(/\s+/).filter(Boolean);
}

const GIVE_UP = forms(`
  avoid avoids avoided avoiding reject rejects rejected rejecting drop drops dropped dropping
  remove removes removed removing abandon abandons abandoned abandoning deprecate deprecates deprecated deprecating
  retire retires retired retiring stop stops stopped stopping ditch ditches ditched ditching forgo forgoes forwent
  skip skips skipped skipping discard discards discarded discarding eliminate eliminates eliminated eliminating
  scrap scraps scrapped scrapping decommission decommissions decommissioned decommissioning`);
/**
 * "replace X with Y", "combine X into Y", "swap X for Y": X is given up,
 * what follows the preposition is the new choice. The scope runs to that
 * preposition (REPLACEMENT_END), however long X is.
 */
const REPLACE = forms(`
  replace replaces replaced replacing swap swaps swapped swapping switch switches switched switching
  move moves moved moving migrate migrates migrated migrating combine combines combined combining
  merge merges merged merging consolidate consolidates consolidated consolidating fold folds folded folding`);
const KEEP = forms('keep keeps kept keeping stay stays stayed staying remain remains remained remaining retain retains retained retaining continue continues continued continuing preserve preserves preserved preserving still');

const NEGATE_CUES = new Set([...NEGATIONS, ...GIVE_UP]);
const KEEP_CUES = new Set(KEEP);
const REPLACE_CUES = new Set(REPLACE);
const REPLACEMENT_END = new Set(['with', 'by', 'to', 'for', 'into', 'onto', 'in']);

/** A cue followed by one of these is no negation ("not only", "no matter"). */
const NOT_A_CUE_BEFORE = new Map<string, ReadonlySet<string>>([
  ['not', new Set(['only', 'just', 'necessarily', 'least', 'yet'])],
  ['no', new Set(['matter', 'doubt', 'longer'])],
  ['stop', new Set(['gap'])],
]);

/** Two-word cues: the first word, then one of the second. */
const PAIR_CUES = new Map<string, ReadonlySet<string>>([
  ['rather', new Set(['than'])],
  ['opposed', new Set(['to'])],
  ['instead', new Set(['of'])],
  ['no', new Set(['longer'])],
  ...['move', 'moves', 'moved', 'moving'].map((w): [string, ReadonlySet<string>] => [w, new Set(['away'])]),
  ...['migrate', 'migrates', 'migrated', 'migrating'].map((w): [string, ReadonlySet<string>] => [w, new Set(['away', 'off'])]),
  ...['swap', 'swaps', 'swapped', 'swapping', 'switch', 'switches', 'switched', 'switching'].map((w): [string, ReadonlySet<string>] => [w, new Set(['out', 'from'])]),
  ...['get', 'getting', 'got'].map((w): [string, ReadonlySet<string>] => [w, new Set(['rid'])]),
]);

/** Words that end a scope inside a clause. */
const SCOPE_END = new Set(['but', 'however', 'whereas', 'instead', 'so', 'because', 'which', 'while', 'unless', 'until', 'than', 'then', 'since', 'as', 'if', 'when']);

/**
 * Content words a scope reaches. Narrow on purpose: what is negated is
 * usually a short noun phrase ("not Helm", "no ECR lifecycle policy");
 * a wider scope starts to negate the topic the clause is about.
 */
const SCOPE_WIDTH = 3;
/** What "replace X with Y" reaches at most before its preposition. */
const REPLACE_WIDTH = 6;

function emptyPolarity(): Polarity {
  return { negated: new Map(), asserted: new Map(), kept: new Map() };
}

/** Splits text into clauses: sentence and clause punctuation, dashes, line breaks. */
function clauses(text: string): string[] {
  return text.split(/[.;:!?,()[\]{}\n]+|\s[-–—]+\s/);
}

/** When `w` is the last few words joined (a camelCase word after its parts), the polarity of its last part. */
function joinedParts(recent: ReadonlyArray<[string, keyof Polarity]>, w: string): keyof Polarity | undefined {
  let joined = '';
  for (let k = recent.length - 1; k >= 0; k--) {
    joined = (recent[k] as [string, keyof Polarity])[0] + joined;
    if (joined.length > w.length) return undefined;
    if (joined === w && k < recent.length - 1) return (recent[recent.length - 1] as [string, keyof Polarity])[1];
  }
  return undefined;
}

function analyseText(text: string, into: Polarity[]): void {
  const add = (key: keyof Polarity, term: string) => {
    for (const p of into) p[key].set(term, (p[key].get(term) ?? 0) + 1);
  };
  // "don't", "won't", "can't" -> "do not", "wo not", "ca not": the tokenizer would otherwise drop the negation.
  const prepared = text.replace(/([a-z])n['’]t\b/gi, '$1 not');
  for (const clause of clauses(prepared)) {
    const ws = words(clause);
    let scope = 0;
    let kind: 'negated' | 'kept' = 'negated';
    let replacing = false;
    // Polarity given to the previous content words: the tokenizer follows
    // "CodePipeline" with "code", "pipeline" and the joined "codepipeline",
    // and the joined form must share its parts' polarity without using up
    // the scope.
    const recent: Array<[string, keyof Polarity]> = [];
    for (let i = 0; i < ws.length; i++) {
      const w = ws[i] as string;
      const next = ws[i + 1];
      if (scope > 0 && (SCOPE_END.has(w) || (replacing && REPLACEMENT_END.has(w)))) {
        scope = 0;
        replacing = false;
      }
      const pair = PAIR_CUES.get(w);
      if (pair && next !== undefined && pair.has(next)) {
        [scope, kind, replacing] = [REPLACE_CUES.has(w) ? REPLACE_WIDTH : SCOPE_WIDTH, 'negated', REPLACE_CUES.has(w)];
        i++;
        continue;
      }
      if (!(next !== undefined && NOT_A_CUE_BEFORE.get(w)?.has(next))) {
        if (REPLACE_CUES.has(w)) {
          [scope, kind, replacing] = [REPLACE_WIDTH, 'negated', true];
          continue;
        }
        if (NEGATE_CUES.has(w) || KEEP_CUES.has(w)) {
          [scope, kind, replacing] = [SCOPE_WIDTH, NEGATE_CUES.has(w) ? 'negated' : 'kept', false];
          continue;
        }
      }
      const parts = joinedParts(recent, w);
      if (parts !== undefined) {
        add(parts, stem(w));
        recent.length = 0;
        continue;
      }
      if ((w.length < 2 && !/\d/.test(w)) || isStopWord(w)) continue;
      const as: keyof Polarity = scope > 0 ? kind : 'asserted';
      add(as, stem(w));
      if (scope > 0) scope--;
      recent.push([w, as]);
      if (recent.length > 4) recent.shift();
    }
  }
}

const DECISION_HEADING = /\b(decisions?|decided|outcome|resolution|resolved|conclusion|chosen|choice)\b/i;
const DECISION_SENTENCE =
  /\b(we|we'll|we've|we're|i|team)\s+(will|shall|decided|decide|chose|choose|have chosen|are going to|going to|opt|opted|use|adopt|adopted|pick|picked|prefer|keep|stay|agreed|agree|settled)\b|\b(decided|decision|chosen|agreed) (to|is|was|on)\b|\bwill (be )?(use|used|adopt|adopted|keep|kept|move|moved|replace|replaced|remove|removed|stop|switch)\b/i;

/** The part of a body that states the decision (see Stance.decision). */
export function decisionText(body: string): string {
  const out: string[] = [];
  let level = 0;
  for (const line of body.split('\n')) {
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      const depth = (heading[1] as string).length;
      if (level > 0 && depth <= level) level = 0;
      if (level === 0 && DECISION_HEADING.test(heading[2] as string)) level = depth;
      continue;
    }
    if (level > 0) out.push(line);
    else for (const sentence of line.split(/(?<=[.!?])\s+/)) if (DECISION_SENTENCE.test(sentence)) out.push(sentence);
  }
  return out.join('\n');
}

export function stanceOf(title: string, body: string): Stance {
  const all = emptyPolarity();
  const titleOnly = emptyPolarity();
  const decision = emptyPolarity();
  const prose = proseOf(body);
  analyseText(title, [all, titleOnly, decision]);
  analyseText(prose, [all]);
  analyseText(decisionText(prose), [decision]);
  return { ...all, title: titleOnly, decision };
}
