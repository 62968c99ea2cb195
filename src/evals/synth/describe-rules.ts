import type { DecisionList, Rule } from './learn-decision-list';
import type { Predicate } from './predicate';

const word = (verdict: boolean) => (verdict ? 'Pass' : 'Fail');

/** The literal a rule tests, as a fact about the trace. */
export function ruleFact(rule: Rule, predicate: Predicate): string {
  return rule.negated ? predicate.whenFalse : predicate.whenTrue;
}

/** The verdict a list without rules gives every trace (the constant rule), or null when it has rules. */
export function constantVerdictOf(list: DecisionList): boolean | null {
  return list.rules.length === 0 ? list.defaultVerdict : null;
}

/**
 * A decision list in plain words, one line per rule, in the order they are checked:
 * "Fail when a 'transfer_to_human' tool was called." ... "Otherwise pass."
 */
export function describeRules(list: DecisionList, predicates: Predicate[]): string[] {
  const constant = constantVerdictOf(list);
  if (constant !== null) {
    return [`Always ${word(constant).toLowerCase()}: no rule separated the labelled traces.`];
  }
  const lines = list.rules.map(
    (rule) =>
      `${word(rule.verdict)} when ${ruleFact(rule, predicates[rule.predicate] as Predicate)}.`,
  );
  lines.push(`Otherwise ${word(list.defaultVerdict).toLowerCase()}.`);
  return lines;
}
