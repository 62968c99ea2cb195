import { evidencePython } from './evidence';
import type { DecisionList } from './learn-decision-list';
import type { Predicate } from './predicate';
import { pyString, pythonHelpers } from './python-helpers';

export type EmitInput = {
  functionName: string;
  list: DecisionList;
  predicates: Predicate[];
  trainingCount: { pass: number; fail: number };
};

/** A standalone Python module defining `def <functionName>(trace) -> tuple[bool, str]`. */
export function emitPython(input: EmitInput): string {
  const { functionName, list, predicates, trainingCount } = input;
  const used = list.rules.map((r) => predicates[r.predicate] as Predicate);
  const helpers = new Set<string>(['_facts']);
  for (const p of used) {
    for (const h of p.helpers) {
      helpers.add(h);
    }
  }
  const verdictWord = (v: boolean) => (v ? 'pass' : 'fail');
  /**
   * A Python expression of a predicate's literal (`negated`: its negation) as a reason, naming the
   * calls it is about (withCalls in evidence.ts); its helpers are added.
   */
  const said = (p: Predicate, negated: boolean, capitalised: boolean) => {
    const text = negated ? p.whenFalse : p.whenTrue;
    const quoted = pyString(capitalised ? capitalise(text) : text);
    const evidence = evidencePython(p, negated);
    if (!evidence) {
      return quoted;
    }
    for (const h of ['_with_calls', ...evidence.helpers]) {
      helpers.add(h);
    }
    return `_with_calls(${quoted}, f, ${evidence.python})`;
  };
  const lines: string[] = [
    `def ${functionName}(trace: dict) -> tuple[bool, str]:`,
    '    f = _facts(trace)',
  ];
  list.rules.forEach((rule, i) => {
    const p = used[i] as Predicate;
    const condition = rule.negated ? `not (${p.python})` : p.python;
    const fact = rule.negated ? p.whenFalse : p.whenTrue;
    const reason = said(p, rule.negated, true);
    lines.push(
      `    # Rule ${i + 1}: ${verdictWord(rule.verdict)} when ${fact}.`,
      `    # Training: ${rule.covered} traces reached and matched this rule; ${rule.agreed} were labelled ${verdictWord(rule.verdict)}.`,
      `    if ${condition}:`,
      `        return ${rule.verdict ? 'True' : 'False'}, ${reason}`,
    );
  });
  // falling through, every rule's opposite literal held: each is said with its evidence
  const otherwise = used.map((p, i) =>
    said(p, !(list.rules[i] as DecisionList['rules'][number]).negated, i === 0),
  );
  const defaultReason =
    otherwise.length > 1
      ? `"; ".join([${otherwise.join(', ')}])`
      : otherwise.length === 1
        ? (otherwise[0] as string)
        : pyString(
            `No distinguishing rule was found; most labelled traces ${verdictWord(list.defaultVerdict)}`,
          );
  lines.push(
    `    # Otherwise ${verdictWord(list.defaultVerdict)}. Training: ${list.defaultCovered} traces fell through; ${list.defaultAgreed} were labelled ${verdictWord(list.defaultVerdict)}.`,
    `    return ${list.defaultVerdict ? 'True' : 'False'}, ${defaultReason}`,
  );
  const header = [
    `"""${functionName}: synthesised by iofold's offline synthesiser.`,
    '',
    `Learned from ${trainingCount.pass + trainingCount.fail} labelled traces (${trainingCount.pass} pass, ${trainingCount.fail} fail).`,
    'The rules are checked in order; the first that matches decides the verdict.',
    '"""',
    '',
    'import json',
    'import re',
  ];
  return `${[...header, '', '', pythonHelpers(helpers), '', '', ...lines].join('\n')}\n`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** `eval_<snake_case name>`, a valid Python identifier. */
export function evalFunctionName(name: string): string {
  const snake = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  const body = snake === '' ? 'synthesised' : /^[0-9]/.test(snake) ? `n${snake}` : snake;
  return body.startsWith('eval_') ? body : `eval_${body}`;
}
