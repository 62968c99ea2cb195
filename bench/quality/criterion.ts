/**
 * A quality criterion as a support or engineering lead would state it, with the function that
 * labels a raw run (true = the run should pass). The learner never sees these functions or `raw`.
 */
export type CriterionKind = 'single' | 'pattern' | 'conjunction' | 'ordering' | 'outcome';

export type Criterion<Raw> = {
  id: string;
  /** The criterion in a lead's words. */
  says: string;
  /**
   * single: one fact of the trace; pattern: a shape or family of values (ids, codes, commands,
   * amounts, paths); conjunction: two facts together or a value matched across calls; ordering:
   * what came before what; outcome: the real result, which the trace only partly shows.
   */
  kind: CriterionKind;
  label(raw: Raw): boolean;
};

/** The target groups: single-property criteria vs pattern, conjunction and ordering ones. */
export const isStructural = (kind: CriterionKind) =>
  kind === 'pattern' || kind === 'conjunction' || kind === 'ordering';
