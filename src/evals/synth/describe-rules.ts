import type { DecisionList, Rule } from './learn-decision-list';
import type { Predicate } from './predicate';

const word = (verdict: boolean) => (verdict ? 'Pass' : 'Fail');

/** The literal a rule tests, as a fact about the trace. */
export function ruleFact(rule: Rule, predicate: Predicate): string {
  return rule.negated ? predicate.whenFalse : predicate.whenTrue;
}

/** Whether described rules are the constant rule ("Always pass: no rule separated ..."). */
export function isConstantRule(rules: string[]): boolean {
  return rules.length === 1 && /^Always (?:pass|fail): no rule separated/.test(rules[0] ?? '');
}

/**
 * A decision list in plain words, one line per rule, in the order they are checked:
 * "Fail when a 'transfer_to_human' tool was called." ... "Otherwise pass."
 */
export function describeRules(list: DecisionList, predicates: Predicate[]): string[] {
  if (list.rules.length === 0) {
    return [
      `Always ${word(list.defaultVerdict).toLowerCase()}: no rule separated the labelled traces.`,
    ];
  }
  const lines = list.rules.map(
    (rule) =>
      `${word(rule.verdict)} when ${ruleFact(rule, predicates[rule.predicate] as Predicate)}.`,
  );
  lines.push(`Otherwise ${word(list.defaultVerdict).toLowerCase()}.`);
  return lines;
}
