/** Tunable constants (mutable only for the eval's parameter sweeps). */
export const TUNING = {
  K1: 1.6,
  B: 0.75,
  /** Title bonus: score × (1 + TITLE × share of the question's idf named in the title). */
  TITLE: 0.6,
  /** How many of the best entries the title bonus looks at. */
  TITLE_POOL: 60,
  /** Lift of entries titled like the best hit: score × (1 + SIBLINGS × shared title idf share), below the best hit (siblings.ts). */
  SIBLINGS: 0.4,
  /** Coverage factor: score × (COVERAGE + (1 − COVERAGE) × share of concepts matched); 1 turns it off. */
  COVERAGE: 1,
  /** Cap an expansion's idf at that of the concept's own word (1 on, 0 off). */
  CAP_EXPANSIONS: 1,
  W_FEEDBACK: 0.15,
  FEEDBACK_DOCS: 3,
  FEEDBACK_TERMS: 10,
  /** Weight from which a query term counts as a match for highlighting and titles. */
  W_MATCHED: 0.5,
  P_SUPERSEDED: 0.75,
  /** A superseded entry among the best lifts the entry that replaced it to SUCCESSOR × its own score (0 off). */
  SUCCESSOR: 1.1,
  P_INACTIVE: 0.8,
  P_DONE: 0.9,
};
