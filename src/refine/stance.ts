import { isStopWord, proseOf, stem, words } from '../core/text.js';

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
  combine combines combined combining
  merge merges merged merging consolidate consolidates consolidated consolidating fold folds folded folding`);
/**
 * "move X to Y", "migrate X into Y": X is carried along, not given up (the
 * tests that move into their own repo are still the tests). What is left is
 * the place after "from", "off" or "out of" ("migrate the data from RDS to
 * Aurora", "move the tests out of forms-deploy"), read like the X of
 * "replace X with Y".
 */
const RELOCATE = forms('move moves moved moving migrate migrates migrated migrating relocate relocates relocated relocating');
/** After a RELOCATE verb in the clause: the words that open the place left. */
const LEAVING = new Set(['from', 'off']);
const KEEP = forms('keep keeps kept keeping stay stays stayed staying remain remains remained remaining retain retains retained retaining continue continues continued continuing preserve preserves preserved preserving still');

const NEGATE_CUES = new Set([...NEGATIONS, ...GIVE_UP]);
const KEEP_CUES = new Set(KEEP);
const REPLACE_CUES = new Set(REPLACE);
const RELOCATE_CUES = new Set(RELOCATE);
const REPLACEMENT_END = new Set(['with', 'by', 'to', 'for', 'into', 'onto', 'in']);

/** "dont", "wont", "cant", "doesnt"...: contractions typed without their apostrophe ("cant" and "wont" are also words, but rarely in a decision). */
const INFORMAL_NEGATION = /\b(do|does|did|wo|ca|is|are|was|were|should|would|could|has|have|had|must|need)nt\b/gi;

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

/**
 * "... Shield Advanced and decided it is not worth its cost", "Helm is not
 * needed": a negated judgement whose object is what came BEFORE it (the
 * subject, or what "it" refers to), not the words after. The cue is "not"
 * or "no longer" before one of these, after a copula.
 */
const JUDGEMENTS = new Set(forms('worth worthwhile needed necessary required justified warranted appropriate suitable viable useful helpful enough sufficient'));
const COPULAS = new Set(forms('is are was were be been being seems seem seemed'));
/** Pronouns that stand for the thing judged: the phrase before them is. */
const PRONOUNS = new Set(forms('it this that they these those'));
/** Verbs of judging between the thing and its judgement ("X and decided it is not worth"): not the thing itself. */
const REPORTING = new Set(
  forms(`decide decides decided deciding find finds found conclude concludes concluded agree agrees agreed feel feels felt think thinks thought
  judge judges judged consider considers considered believe believes believed realise realised realize realized determine determined
  looked`),
);

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
  return { negated: new Map(), asserted: new Map(), kept: new Map(), given: new Map(), written: new Map() };
}

/** Splits text into clauses: sentence and clause punctuation, dashes, line breaks (commas are read inside the clause, see continuesList). */
function clauses(text: string): string[] {
  return text.split(/[.;:!?()[\]{}\n]+|\s[-–—]+\s/);
}

/** A comma in the token stream of a clause. */
const COMMA = ',';
const LIST_JOINS = new Set(['and', 'or', 'nor']);

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

/** Verbs that, after "and"/"or", start a new clause rather than continue a list ("drop TLS 1.0 and add 1.3"). */
const CLAUSE_VERBS = new Set(
  forms(`add adds added use uses adopt adopts build builds run runs create creates deploy deploys introduce introduces
  enable enables make makes support supports provide provides start starts write writes store stores send sends
  go goes put puts set sets ship ships let lets rely relies alert alerts track tracks allow allows require requires`),
);

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
  for (const clause of clauses(prepared)) {
    const ws = clause.split(',').flatMap((piece, k) => (k > 0 ? [COMMA, ...words(piece)] : words(piece)));
    let scope: Scope | undefined;
    const open = (kind: Scope['kind'], replacing: boolean) => {
      close(scope, true);
      scope = { kind, left: replacing ? REPLACE_WIDTH : SCOPE_WIDTH, replacing, words: [] };
    };
    const recent: string[] = [];
    // A RELOCATE verb came earlier in the clause: "from"/"out of" now open the place left.
    let relocating = false;
    // The words asserted so far in this clause, in order (with the index of the
    // token each came from): what a judgement ("it is not worth it") reads back to.
    const said: Array<[string, number]> = [];
    /**
     * "X is not worth it", "X ... and decided it is not needed": the phrase
     * before the copula at `copula` (past a pronoun and verbs of judging) is
     * what is given up, read as a complete phrase: its head is negated.
     */
    const judgedBack = (copula: number) => {
      let end = copula;
      if (PRONOUNS.has(ws[end - 1] as string)) end--;
      let k = said.length - 1;
      while (k >= 0 && (said[k]![1] >= end || REPORTING.has(said[k]![0]))) k--;
      if (k < 0) return;
      // The run of adjacent words that ends there ("AWS Shield Advanced"), as long as a scope.
      const phrase = [said[k]![0]];
      for (let m = k - 1; m >= 0 && phrase.length < SCOPE_WIDTH && said[m]![1] === said[m + 1]![1] - 1 && !REPORTING.has(said[m]![0]); m--) phrase.unshift(said[m]![0]);
      const head = phrase[phrase.length - 1] as string;
      retract(head);
      add('negated', head);
      for (const w of phrase) add('given', w);
      said.length = k + 1 - phrase.length;
    };
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
        scope = undefined;
        if (w === COMMA) continue;
      }
      const ends = SCOPE_END.has(w) || (scope?.replacing === true && REPLACEMENT_END.has(w)) || ((w === 'and' || w === 'or') && next !== undefined && CLAUSE_VERBS.has(next));
      if (scope && ends) {
        close(scope, true);
        scope = undefined;
      }
      const pair = PAIR_CUES.get(w);
      if (pair && next !== undefined && pair.has(next)) {
        open('negated', REPLACE_CUES.has(w) || RELOCATE_CUES.has(w));
        i++;
        continue;
      }
      if (RELOCATE_CUES.has(w)) {
        relocating = true;
        continue;
      }
      if (relocating && !scope && next !== undefined && (LEAVING.has(w) || (w === 'out' && next === 'of'))) {
        open('negated', true);
        if (w === 'out') i++;
        continue;
      }
      // (Not "it is not necessary to X": there "it" stands for what follows.)
      const expletive = ws[i - 2] === 'it' && ['to', 'that', 'for'].includes(ws[i + 2] as string);
      if (w === 'not' && !scope && next !== undefined && JUDGEMENTS.has(next) && COPULAS.has(ws[i - 1] as string) && !expletive) {
        judgedBack(i - 1);
        i++;
        continue;
      }
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
      said.push([w, i]);
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

const DECISION_HEADING = /\b(decisions?|decided|outcome|resolution|resolved|conclusion|chosen|choice)\b/i;
const DECISION_SENTENCE =
  /\b(we|we'll|we've|we're|i|team)\s+(will|shall|decided|decide|chose|choose|have chosen|are going to|going to|opt|opted|use|adopt|adopted|pick|picked|prefer|keep|stay|agreed|agree|settled)\b|\b(decided|decision|chosen|agreed) (to|is|was|on)\b|\bwill (be )?(use|used|adopt|adopted|keep|kept|move|moved|replace|replaced|remove|removed|stop|switch)\b/i;

/**
 * The body as blocks: paragraphs with their hard-wrapped lines joined (ADRs
 * are often wrapped at 80 columns, and a sentence cut at a line break loses
 * the words after the break, "we chose not to hydrate elements that are
 * not" / "classified as tracking"), each list item on its own, headings
 * apart. Fenced code is left out: it states no decision in words.
 */
function blocks(body: string): Array<{ heading?: { depth: number; text: string }; text: string }> {
  const out: Array<{ heading?: { depth: number; text: string }; text: string }> = [];
  let current: string[] = [];
  let fenced = false;
  const flush = () => {
    if (current.length > 0) out.push({ text: current.join(' ') });
    current = [];
  };
  for (const line of body.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) {
      flush();
      fenced = !fenced;
      continue;
    }
    if (fenced) continue;
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      flush();
      out.push({ heading: { depth: (heading[1] as string).length, text: heading[2] as string }, text: '' });
    } else if (line.trim() === '') flush();
    else {
      if (/^\s*([-*+]|\d+[.)]|\|)\s/.test(line)) flush();
      current.push(line.trim());
    }
  }
  flush();
  return out;
}

/** The part of a body that states the decision (see Stance.decision). */
export function decisionText(body: string): string {
  const out: string[] = [];
  let level = 0;
  for (const block of blocks(body)) {
    if (block.heading) {
      const { depth, text } = block.heading;
      if (level > 0 && depth <= level) level = 0;
      if (level === 0 && DECISION_HEADING.test(text)) level = depth;
      continue;
    }
    if (level > 0) out.push(block.text);
    else for (const sentence of block.text.split(/(?<=[.!?])\s+/)) if (DECISION_SENTENCE.test(sentence)) out.push(sentence);
  }
  return out.join('\n');
}

export function stanceOf(title: string, body: string): Stance {
  const all = emptyPolarity();
  const decision = emptyPolarity();
  const prose = proseOf(body);
  analyseText(title, [all, decision]);
  analyseText(prose, [all]);
  analyseText(decisionText(prose), [decision]);
  return { ...all, decision };
}
