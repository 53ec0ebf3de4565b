/**
 * The thresholds, in one place. Similarity is the mean of cosine (both
 * entries say the same) and containment (the shorter one is inside the
 * longer). A duplicate must also state the same decision (`decision`,
 * `decisionCovered`; a copy-edit does by construction), show no stance
 * conflict on a specific term, and carry little evidence of a different
 * choice (see against()). Chosen on half of the ADR eval set (odd ids) and
 * checked on the other half; round values on purpose.
 */
export const THRESHOLDS = {
  /** Similarity from which a pair may merge automatically. */
  duplicate: 0.45,
  /**
   * Cosine from which one entry reads as an edit of the other (the same
   * sentences, a few words changed) rather than a retelling: there a number
   * changed for the same thing, or a word turned into its opposite
   * ("before" / "after"), is what the edit changed, and the two are not
   * merged on their own. Between retellings words differ everywhere and such
   * differences are noise: on the ADR eval sets every restatement they flag
   * is below 0.6, the walkthrough's updated notes above 0.8.
   */
  edited: 0.7,
  /** Shingle containment from which the shorter entry is a copy-edit of the longer. */
  copy: 0.8,
  /** Decision overlap (Verifier.decision) a duplicate needs. */
  decision: 0.4,
  /**
   * The overlap that does when little speaks for a different decision: no
   * stance conflict at all, the shorter decision's terms the longer entry
   * never uses below novelLittle (idf units: one rare word, not a new
   * option's name and its parts), and against() below againstNone. A
   * restatement in another voice words its decision its own way ("Weekly
   * releases to staging and stable after launch" for a "release cadence"
   * record); a different decision brings its option, and with it evidence.
   * On the ADR eval: +1 restatement on each half, no negative.
   */
  decisionWeak: 0.3,
  novelLittle: 5,
  againstNone: 1,
  /** Share of the longer entry's decision statement the shorter one must say. */
  decisionCovered: 0.3,
  /**
   * idf from which one conflicting term is enough to keep two entries apart.
   * Below it (df above ~1 entry in 5: "test", "support", "server") a
   * conflict is as often a paraphrase ("no separate test job" against "the
   * tests run in their own pipeline") and only adds to against().
   */
  conflictTerm: 2.6,
  /** idf from which a title's term is specific enough to name what an entry is about (see PairFeatures.titleExclusive). */
  titleTerm: 2,
  /** Overlap of two titles' other terms (Jaccard; for titles of as many words, the share of the shorter side's) from which titles that each name something of their own are parallel. */
  titleParallel: 0.8,
  /** Cosine an entry needs with an aggregate (an entry that absorbed others) to be absorbed too (see PairFeatures.aggregate). */
  aggregateCosine: 0.45,
  /** idf from which a term is specific to a few entries (df below ~5% of the store). */
  specific: 3,
  /**
   * Specific terms (idf) two entries must share to merge automatically: a
   * restatement shares its source's tools, names and options; two entries
   * of one template share only the template's common words. (On the ADR
   * eval every restatement shares at least 4.6; one specific term is about 3.)
   */
  specificShared: 3,
  /**
   * Agreeing detail a duplicate needs to merge without a person, in words
   * only the two entries use (specificShared over the idf of such a word,
   * so that it means the same in a store of 50 entries or 100k). Word
   * statistics cannot tell a restatement from the same words recording
   * another choice ("runs on CircleCI" against "use GitHub Actions, not the
   * CircleCI default"): on the blind ADR sets a third of the merges were
   * such pairs. A restatement that carries many of its source's names,
   * numbers and options is rarely another decision; a short one carries too
   * little to tell, and is suggested instead (first among the suggestions).
   * Chosen on the tuned set and two blind sets, checked on a third written
   * afterwards: over the three blind sets, restatements merged on their own
   * fell from 70 to 42 of 110 (69 merged or held back as duplicates, listed first), entries of
   * another decision merged from 34 of 110 to 2.
   */
  confident: 9,
  /** Evidence of a different decision (against()) from which a pair is not merged. */
  against: 6,
  /** Similarity from which a pair is suggested for `origin merge`. */
  similar: 0.35,
  /** Similarity from which two entries are linked as related in the wiki. */
  related: 0.25,
} as const;
