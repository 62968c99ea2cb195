import type { EvalView } from '@/core/eval-view';
import type { DecisionList } from './learn-decision-list';
import type { Predicate } from './predicate';
import { describeGroup, inGroup, type ToolGroup } from './tool-groups';
import { extractFacts, type TraceFacts } from './trace-facts';

/** The groups whose generic wording (`describeGroup`) names example tools of no one workspace. */
const NAMED_KINDS = ['write', 'destructive', 'handoff'] as const;
const KIND_WORD: Record<(typeof NAMED_KINDS)[number], string> = {
  write: 'write-like',
  destructive: 'destructive',
  handoff: 'hand-off',
};

const EMPTY_VIEW: EvalView = {
  version: 1,
  trace_id: '',
  steps: [],
  messages: [],
  input: '',
  output: '',
  metadata: {},
};

/**
 * The predicates of a decision list's rules worded for the traces they were learned from: a tool
 * group names the tools of that group the labelled traces called ("write-like ('edit_file' or
 * 'write_file')", not another domain's book_*, cancel_*), and a fact about every call of a kind
 * that also holds when there is no such call says so ("(or there was none)"). Other predicates are
 * returned as they are; rules, emitted reasons and `predict` all read the worded copies.
 */
export function wordRulesForTraces(
  list: DecisionList,
  predicates: Predicate[],
  facts: TraceFacts[],
): Predicate[] {
  const names = [...new Set(facts.flatMap((f) => f.calls.map((c) => c.name)))].sort();
  const empty = extractFacts(EMPTY_VIEW);
  const out = [...predicates];
  for (const rule of list.rules) {
    const p = predicates[rule.predicate] as Predicate;
    const whenTrue = orNone(nameSeenTools(p.whenTrue, names), () => p.test(empty));
    const whenFalse = orNone(nameSeenTools(p.whenFalse, names), () => !p.test(empty));
    if (whenTrue !== p.whenTrue || whenFalse !== p.whenFalse) {
      out[rule.predicate] = { ...p, whenTrue, whenFalse };
    }
  }
  return out;
}

/** `text` with each generic group wording replaced by the seen tools of that group. */
export function nameSeenTools(text: string, names: string[]): string {
  let out = text;
  for (const kind of NAMED_KINDS) {
    const group: ToolGroup = { kind, value: '' };
    const generic = describeGroup(group);
    if (!out.includes(generic)) {
      continue;
    }
    const seen = names.filter((n) => inGroup(n, group)).map((n) => `'${n}'`);
    const listed =
      seen.length === 0
        ? KIND_WORD[kind]
        : `${KIND_WORD[kind]} (${seen.length === 1 ? seen[0] : `${seen.slice(0, -1).join(', ')} or ${seen.at(-1)}`})`;
    out = out.replaceAll(generic, listed);
  }
  return out;
}

/** A fact about every X that also holds with no X at all, saying so (once). */
function orNone(fact: string, holdsWithNone: () => boolean): string {
  if (!/^every /.test(fact) || /\(or (?:there was )?none/.test(fact) || !holdsWithNone()) {
    return fact;
  }
  return `${fact} (or there was none)`;
}
