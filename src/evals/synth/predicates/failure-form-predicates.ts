import { atomsOf } from '../call-atoms';
import { type MiningExample, minGroupsFor, type Predicate } from '../predicate';
import { type CallFact, remember, type TraceFacts } from '../trace-facts';
import { unsuccessful } from './call-predicates';
import { FOLLOWS, failedFollowed, resultWords, saysForm } from './failure-predicates';
import { groupOf } from './group-tally';
import { STOP_WORDS } from './order-predicates';

// Mirrored by `_form_failed` in python-failure-helpers.ts; change both together (parity test).

/**
 * Stems of words that say a failure in many systems' messages: a form the other label's traces
 * also say (a failure reported there, say) is kept only when it has one of them, so that a word
 * of ordinary output ('query ok' beside 'query canceled') is not taken for a way of failing.
 */
const FAILURE_STEM =
  /cancel|abort|time[ds]?out|timed|deadline|deadlock|lock|refus|den(?:y|ied)|reject|invalid|unavailable|exceed|expire|err|fail|fatal|panic|exception|violat|conflict|unable|cannot|could|unreachable|interrupt|kill|crash|forbidden|unauthori|overload|throttl|quota|offline|corrupt|missing|lost|broken|busy|stale|rollback|revert/;

/** How many forms one side of the labels keeps. */
const FORMS = 6;

/**
 * A call failed, as `toolFailed` and a result reporting a failed run decide, or its result's
 * first line says one of `forms`: failure words learned from the labels ('canceled', 'deadlock',
 * 'locked') that the built-in detector does not know.
 */
export function formFailed(facts: TraceFacts, k: number, forms: readonly string[]): boolean {
  return unsuccessful(atomsOf(facts)[k]) || saysForm(facts.calls[k] as CallFact, forms);
}

/** The calls of the trace that failed by `formFailed`. */
const failedByForms = (facts: TraceFacts, forms: readonly string[]) =>
  facts.calls.flatMap((_, k) => (formFailed(facts, k, forms) ? [k] : []));

/**
 * Failure forms mined from one side of the labels (`bad`: the label the failures stand for): words
 * of the first lines of results the built-in detector passed as successes, said in traces of that
 * label in several groups and at least twice as often there as in the other label's traces (never
 * there, or a word with a failure's stem), and in at most half the results of each tool that says
 * them (`usualWords`), chosen
 * one by one to cover the most traces of that label not yet covered (one word per way of failing,
 * a word shared by several first), at most `FORMS`, sorted.
 */
export function mineFailureForms(examples: MiningExample[], bad: boolean): string[] {
  const minGroups = Math.min(2, minGroupsFor(examples));
  const seen = new Map<string, { bad: Set<number>; good: number; groups: Set<string> }>();
  examples.forEach((e, i) => {
    for (const w of wordsOf(e.facts).said) {
      const s = remember(seen, w, () => ({
        bad: new Set<number>(),
        good: 0,
        groups: new Set<string>(),
      }));
      if (e.label === bad) {
        s.bad.add(i);
        s.groups.add(groupOf(e, i));
      } else {
        s.good++;
      }
    }
  });
  const usual = usualWords(examples);
  const nBad = examples.filter((e) => e.label === bad).length;
  const nGood = examples.length - nBad;
  const candidates = [...seen]
    .filter(
      ([word, s]) =>
        s.bad.size >= 2 &&
        !STOP_WORDS.has(word) &&
        !usual.has(word) &&
        s.groups.size >= minGroups &&
        (s.bad.size + 0.5) / (nBad + 1) >= (2 * (s.good + 0.5)) / (nGood + 1) &&
        (s.good === 0 || FAILURE_STEM.test(word)),
    )
    .sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const covered = new Set<number>();
  const forms: string[] = [];
  while (forms.length < FORMS) {
    let best: { word: string; gain: number; good: number } | null = null;
    for (const [word, s] of candidates) {
      const gain = [...s.bad].filter((i) => !covered.has(i)).length;
      if (gain > 0 && (!best || gain > best.gain || (gain === best.gain && s.good < best.good))) {
        best = { word, gain, good: s.good };
      }
    }
    if (!best) {
      break;
    }
    forms.push(best.word);
    for (const i of seen.get(best.word)?.bad ?? []) {
      covered.add(i);
    }
  }
  return forms.sort();
}

/**
 * Words of more than half the results of a tool they appear in (a field every answer has, a
 * status check's 'healthy'): what the tool says when it works, never a way of failing.
 */
function usualWords(examples: MiningExample[]): Set<string> {
  const calls = new Map<string, number>();
  const said = new Map<string, Map<string, number>>();
  for (const e of examples) {
    for (const [tool, t] of wordsOf(e.facts).byTool) {
      calls.set(tool, (calls.get(tool) ?? 0) + t.calls);
      const counts = remember(said, tool, () => new Map<string, number>());
      for (const [w, n] of t.words) {
        counts.set(w, (counts.get(w) ?? 0) + n);
      }
    }
  }
  const out = new Set<string>();
  for (const [tool, counts] of said) {
    for (const [w, n] of counts) {
      if (2 * n > (calls.get(tool) ?? 0)) {
        out.add(w);
      }
    }
  }
  return out;
}

type TraceWords = {
  /** Words (3 letters or more) of the results of calls that did not fail by the built-in test. */
  said: Set<string>;
  /** Per tool: its calls, and in how many of their results each word was said. */
  byTool: Map<string, { calls: number; words: Map<string, number> }>;
};

const wordsMemo = new WeakMap<TraceFacts, TraceWords>();

/** The result words a trace gives mining (memoised: every fold of a generation mines the same traces). */
function wordsOf(facts: TraceFacts): TraceWords {
  let out = wordsMemo.get(facts);
  if (out) {
    return out;
  }
  const atoms = atomsOf(facts);
  out = { said: new Set(), byTool: new Map() };
  for (const [k, c] of facts.calls.entries()) {
    const words = resultWords(c);
    const t = remember(out.byTool, c.name, () => ({ calls: 0, words: new Map<string, number>() }));
    t.calls++;
    for (const w of new Set(words)) {
      t.words.set(w, (t.words.get(w) ?? 0) + 1);
    }
    if (!unsuccessful(atoms[k])) {
      for (const w of words) {
        if (w.length >= 3) {
          out.said.add(w);
        }
      }
    }
  }
  wordsMemo.set(facts, out);
  return out;
}

const quoted = (forms: readonly string[]) => forms.map((w) => `'${w}'`).join(', ');

/** The follows failure-form rules ask about (not `retried` alone), in the order they are mined. */
const FORM_FOLLOWS = (['reported', 'told', 'retried-or-reported'] as const).map(
  (how) => FOLLOWS.find((f) => f.how === how) as (typeof FOLLOWS)[number],
);

/**
 * Failures in words the built-in detector does not know, learned from the labels: "a call failed,
 * or its result said 'canceled' or 'deadlock'", and what followed such failures. The forms are
 * words fitted to the labels: the predicates are priced as words and, like words, must hold across
 * tasks (family `failure-form`, a surface family in synthesise-eval.ts).
 */
export function mineFailureFormPredicates(examples: MiningExample[]): Predicate[] {
  const lists = [mineFailureForms(examples, false), mineFailureForms(examples, true)];
  const out: Predicate[] = [];
  for (const forms of lists.filter(
    (l, i) => l.length > 0 && (i === 0 || l.join() !== lists[0]?.join()),
  )) {
    const py = JSON.stringify(forms);
    const said = `a tool call failed or its result said ${quoted(forms)}`;
    const evidence: Predicate['evidence'] = [
      {
        python: `[k for k in range(len(f["calls"])) if _form_failed(f, k, ${py})]`,
        helpers: ['_form_failed'],
        calls: (f) => failedByForms(f, forms),
      },
    ];
    out.push({
      id: `error:forms=${forms.join(',')}`,
      family: 'failure-form',
      cost: 3,
      test: (f) => failedByForms(f, forms).length > 0,
      python: `any(_form_failed(f, k, ${py}) for k in range(len(f["calls"])))`,
      helpers: ['_form_failed'],
      evidence,
      whenTrue: said,
      whenFalse: `no tool call failed and no result said ${quoted(forms)}`,
    });
    for (const follow of FORM_FOLLOWS) {
      out.push({
        id: `failed-followed:forms=${forms.join(',')}:${follow.how}`,
        family: 'failure-form',
        cost: 3.4,
        test: (f) => failedFollowed(f, null, follow.how, forms),
        python: `_failed_followed(f, None, ${JSON.stringify(follow.how)}, ${py})`,
        helpers: ['_failed_followed'],
        evidence,
        whenTrue: `every failed call (or one whose result said ${quoted(forms)}) ${follow.holds}`,
        whenFalse: `a failed call (or one whose result said ${quoted(forms)}) ${follow.not}`,
      });
    }
  }
  return out;
}
