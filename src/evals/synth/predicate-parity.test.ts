import { describe, expect, it } from 'vitest';
import type { EvalView } from '@/core/eval-view';
import { deriveEvalView } from '@/traces/derive-eval-view';
import { parseChatTranscript } from '@/traces/parsers/parse-chat-transcript';
import type { Predicate } from './predicate';
import { minePredicates } from './predicates/mine-predicates';
import { pythonHelpers } from './python-helpers';
import { loadTauBench } from './testing/load-tau-bench.node';
import { makeView } from './testing/make-view';
import { pythonUnavailableReason, runPythonEval } from './testing/run-python.node';
import { type TauBenchItem, tauBenchToEvalView } from './testing/tau-bench-view';
import { extractFacts } from './trace-facts';

const noPython = pythonUnavailableReason();
const tau = loadTauBench();
if (noPython) {
  console.log(`skipping predicate-parity.test.ts: ${noPython}`);
}
if (!tau) {
  console.log(
    'predicate-parity.test.ts: tau-bench data absent (../shared/data), using synthetic traces only',
  );
}

/** A module whose eval returns, as its reason, one bit per predicate. */
function probeModule(predicates: Predicate[]): string {
  const helpers = new Set(['_facts', ...predicates.flatMap((p) => p.helpers)]);
  const body = predicates.map((p) => `    bits.append(bool(${p.python}))`).join('\n');
  return `import json\nimport re\n\n${pythonHelpers(helpers)}\n\n\ndef eval_probe(trace):\n    f = _facts(trace)\n    bits = []\n${body}\n    return True, "".join("1" if b else "0" for b in bits)\n`;
}

function importedView(item: TauBenchItem): EvalView {
  const { task_id, trial, traj } = item;
  return deriveEvalView(parseChatTranscript({ task_id, trial, traj }), {
    traceId: `imported-${task_id}-${trial}`,
  }).view;
}

function edgeCases(): EvalView[] {
  const plain = makeView([
    { user: 'Cancel it. YES — do it now! ÜBER façade 😀 naïve' },
    { call: 'cancelReservation', args: { id: 'ABC', force: true }, result: 'Error: not allowed' },
    { call: 'update-profile', args: '{not json', result: '  failed to update' },
    { call: 'escalate_ticket', args: { level: 2 }, result: '{"price": 1.5, "ok": false}' },
    { assistant: 'Sorry! The total is $ 12. See https://x.example or mail a@b.co?' },
  ]);
  const messagesOnly: EvalView = { ...plain, trace_id: 'messages-only', steps: [] };
  const stepError: EvalView = {
    ...plain,
    trace_id: 'step-error',
    steps: plain.steps.map((s, i) => (i === 0 ? { ...s, error: 'boom' } : s)),
    output: '{"answer": [1, 2]}',
  };
  const twoCalls: EvalView = {
    ...plain,
    trace_id: 'two-calls',
    steps: [
      {
        index: 0,
        name: null,
        input: null,
        output: { text: 'x' },
        error: null,
        tool_calls: [
          {
            id: null,
            name: 'book_flight',
            arguments: { yes: 'yes' },
            result: null,
            error: 'timeout',
          },
          { id: null, name: 'book_flight', arguments: {}, result: [1, 'two'], error: null },
        ],
      },
    ],
    output: { done: true },
  };
  const empty: EvalView = {
    ...plain,
    trace_id: 'empty',
    steps: [],
    messages: [],
    output: null,
    input: null,
  };
  return [plain, messagesOnly, stepError, twoCalls, empty];
}

describe('predicate parity between JS and the emitted Python', () => {
  it.skipIf(noPython)('every mined predicate gives the same answer on every trace', () => {
    // A third of tau-bench, alternately through the test converter and the product's importer.
    const sample = (tau ?? []).filter((_, i) => i % 3 === 0);
    const views = [
      ...edgeCases(),
      ...sample.map((item, i) => (i % 2 === 0 ? tauBenchToEvalView(item) : importedView(item))),
    ];
    // Mine from a mix of traces, labelled by an arbitrary but deterministic rule.
    const mining = views.filter((_, i) => i < 5 || i % 2 === 0);
    const predicates = minePredicates(
      mining.map((v, i) => ({
        facts: extractFacts(v),
        label: i % 2 === 0 || v.trace_id.endsWith('-0'),
      })),
    );
    expect(predicates.length).toBeGreaterThan(tau ? 200 : 40);
    const families = new Set(predicates.map((p) => p.family));
    for (const family of [
      'tool-called',
      'tool-count',
      'tool-order',
      'confirmation',
      'error',
      'text-token',
      'text-pattern',
      'last-message',
      'metric',
      'json',
      'argument',
    ]) {
      expect(families).toContain(family);
    }
    const outcomes = runPythonEval(probeModule(predicates), views, 'eval_probe');
    const mismatches: string[] = [];
    views.forEach((view, i) => {
      const outcome = outcomes[i];
      if (!outcome?.ok) {
        mismatches.push(
          `${view.trace_id}: python error ${outcome && !outcome.ok ? outcome.error : ''}`,
        );
        return;
      }
      const facts = extractFacts(view);
      predicates.forEach((p, j) => {
        const js = p.test(facts) ? '1' : '0';
        if (outcome.reason[j] !== js) {
          mismatches.push(`${view.trace_id}: ${p.id} js=${js} py=${outcome.reason[j]}`);
        }
      });
    });
    expect(mismatches.slice(0, 20)).toEqual([]);
  });
});
