/**
 * The words the stance model (stance.ts) reads as cues: negations, verbs of
 * giving something up, replacing, moving or keeping it, and the words that
 * end their scopes. Kept apart from the reading itself so that the lexicon
 * can grow without the reader's control flow getting lost in it.
 */

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
export const LEAVING = new Set(['from', 'off']);
/** After a RELOCATE verb: the words of its destination, after which the move is read. */
export const ARRIVING = new Set(['to', 'into', 'onto']);
const KEEP = forms('keep keeps kept keeping stay stays stayed staying remain remains remained remaining retain retains retained retaining continue continues continued continuing preserve preserves preserved preserving still');

export const NEGATE_CUES = new Set([...NEGATIONS, ...GIVE_UP]);
export const KEEP_CUES = new Set(KEEP);
export const REPLACE_CUES = new Set(REPLACE);
export const RELOCATE_CUES = new Set(RELOCATE);
export const REPLACEMENT_END = new Set(['with', 'by', 'to', 'for', 'into', 'onto', 'in']);

/** "dont", "wont", "cant", "doesnt"...: contractions typed without their apostrophe ("cant" and "wont" are also words, but rarely in a decision). */
export const INFORMAL_NEGATION = /\b(do|does|did|wo|ca|is|are|was|were|should|would|could|has|have|had|must|need)nt\b/gi;

/** A cue followed by one of these is no negation ("not only", "no matter"). */
export const NOT_A_CUE_BEFORE = new Map<string, ReadonlySet<string>>([
  ['not', new Set(['only', 'just', 'necessarily', 'least', 'yet'])],
  ['no', new Set(['matter', 'doubt', 'longer'])],
  ['stop', new Set(['gap'])],
]);

/** Two-word cues: the first word, then one of the second. */
export const PAIR_CUES = new Map<string, ReadonlySet<string>>([
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
 * A judgement on what came BEFORE it (the subject, or what "it" refers to),
 * not on the words after: "... Shield Advanced and decided it is not worth
 * its cost", "Helm is no longer needed", "Helm is overkill here", "Helm was
 * rejected". JUDGEMENTS are negated by "not" or "no longer"; the others
 * judge on their own. All follow a copula.
 */
export const JUDGEMENTS = new Set(forms('worth worthwhile needed necessary required justified warranted appropriate suitable viable useful helpful enough sufficient'));
export const NEGATIVE_JUDGEMENTS = new Set([
  ...forms('overkill unnecessary unneeded superfluous redundant excessive obsolete'),
  // Passive forms of giving something up ("X was rejected", "X is replaced by Y").
  ...GIVE_UP.filter((w) => w.endsWith('ed') || w === 'forgone'),
  ...forms('replaced superseded swapped'),
]);
export const COPULAS = new Set(forms('is are was were be been being seems seem seemed'));
/**
 * After "it is not worth", the words that keep the reading backwards ("it is
 * not worth its cost", "... worth it", "... needed here"); any other word
 * means "it" stands for what follows ("it is not worth adding Redis").
 */
export const BACK_AFTER = new Set(forms('its it the this their our a an here now anymore any yet either at all'));
/** Pronouns that stand for the thing judged: the phrase before them is. */
export const PRONOUNS = new Set(forms('it this that they these those'));
/** Words between a thing and the judgement on it that are not the thing ("Helm alone is not enough"). */
export const ASIDES = new Set(forms('alone really simply clearly probably currently today anymore honestly frankly itself themselves'));
/** Before a copula, these open a relative clause ("jobs that are not required to..."): nothing to read back to. */
export const RELATIVES = new Set(forms('that which who whom'));
/** Verbs of judging between the thing and its judgement ("X and decided it is not worth"): not the thing itself. */
export const REPORTING = new Set(
  forms(`decide decides decided deciding find finds found conclude concludes concluded agree agrees agreed feel feels felt think thinks thought
  judge judges judged consider considers considered believe believes believed realise realised realize realized determine determined
  looked`),
);

/** Words that end a scope inside a clause. */
export const SCOPE_END = new Set(['but', 'however', 'whereas', 'instead', 'so', 'because', 'which', 'while', 'unless', 'until', 'than', 'then', 'since', 'as', 'if', 'when']);

/**
 * Content words a scope reaches. Narrow on purpose: what is negated is
 * usually a short noun phrase ("not Helm", "no ECR lifecycle policy");
 * a wider scope starts to negate the topic the clause is about.
 */
export const SCOPE_WIDTH = 3;
/** What "replace X with Y" reaches at most before its preposition. */
export const REPLACE_WIDTH = 6;

/** A comma in the token stream of a clause. */
export const COMMA = ',';
export const LIST_JOINS = new Set(['and', 'or', 'nor']);

/** Verbs that, after "and"/"or", start a new clause rather than continue a list ("drop TLS 1.0 and add 1.3"). */
export const CLAUSE_VERBS = new Set(
  forms(`add adds added use uses adopt adopts build builds run runs create creates deploy deploys introduce introduces
  enable enables make makes support supports provide provides start starts write writes store stores send sends
  go goes put puts set sets ship ships let lets rely relies alert alerts track tracks allow allows require requires
  move moves migrate migrates relocate relocates`),
);
