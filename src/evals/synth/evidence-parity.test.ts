import { describe, expect, it } from 'vitest';
import type { EvalView } from '@/core/eval-view';
import { codingViews } from '../../../bench/quality/coding/coding-views';
import { generateCodingRuns } from '../../../bench/quality/coding/generate-coding-runs';
import { evidenceCalls, evidencePython, withCalls } from './evidence';
import { noteFor, type Predicate } from './predicate';
import { minePredicates } from './predicates/mine-predicates';
import { breakNote, leafEchoedBreak } from './predicates/quantifier-predicates';
import { pythonHelpers } from './python-helpers';
import { loadTauBench } from './testing/load-tau-bench.node';
import { makeView } from './testing/make-view';
import { minedPerCriterion } from './testing/mined-per-criterion';
import { releaseDeskRuns } from './testing/release-desk-runs';
import { repoDeskRuns } from './testing/repo-desk-runs';
import { pythonUnavailableReason, runPythonEval } from './testing/run-python.node';
import { tauBenchToEvalView } from './testing/tau-bench-view';
import { extractFacts } from './trace-facts';

const noPython = pythonUnavailableReason();
const tau = loadTauBench();

/** A module whose eval returns, as its reason, every predicate's reason for both its literals. */
function probeModule(predicates: Predicate[]): string {
  const helpers = new Set(['_facts', '_with_calls']);
  const lines: string[] = [];
  for (const p of predicates) {
    for (const negated of [false, true]) {
      const evidence = evidencePython(p, negated);
      for (const h of [...p.helpers, ...(evidence?.helpers ?? [])]) {
        helpers.add(h);
      }
      lines.push(
        evidence
          ? `    out.append(_with_calls("R", f, ${evidence.python}))`
          : '    out.append("R")',
      );
    }
  }
  return `import json\nimport re\n\n${pythonHelpers(helpers)}\n\n\ndef eval_probe(trace):\n    f = _facts(trace)\n    out = []\n${lines.join('\n')}\n    return True, json.dumps(out, ensure_ascii=False)\n`;
}

function cases(): EvalView[] {
  return [
    makeView([
      { user: 'Please refund  order ORD-123456, I was   charged $45.50 twice!' },
      {
        assistant: 'Sorry about that. I see a charge of $45.50 and one of $ 12 — naïve 😀 façade?',
      },
      { call: 'get_order', args: { order_id: 'ORD-123456' }, result: '{"total": 45.5}' },
      { call: 'refund', args: { order_id: 'ORD-123456' }, result: 'Error: refund failed' },
      { assistant: 'Done, the refund of $99 has been issued. Anything else?' },
    ]),
    makeView([
      { user: 'go ahead\nand cancel HAT123' },
      { call: 'bash', args: { command: 'cd /repo && pytest -q' }, result: '2 failed, 3 passed' },
      { assistant: '' },
      { user: 'thanks' },
    ]),
  ];
}

describe('reasons name their evidence alike in Python and JS', () => {
  it.skipIf(noPython)(
    'every mined predicate, for both its literals, gives the same reason text',
    () => {
      const coding = codingViews(generateCodingRuns({ seed: 1 })).filter((_, i) => i % 10 === 0);
      const sample = (tau ?? []).filter((_, i) => i % 8 === 0).map(tauBenchToEvalView);
      const desk = releaseDeskRuns(3, 30);
      const views = [...cases(), ...coding, ...sample, ...desk.map((run) => run.view)];
      // failure forms learned from labels: their calls are the evidence
      const forms = minedPerCriterion(desk, ['queriesSucceeded', 'failuresReported']).filter((p) =>
        p.id.includes('forms='),
      );
      expect(forms.length).toBeGreaterThan(1);
      // every value started with a shape: the value that broke it is the whole argument's
      const repo = repoDeskRuns(3, 20);
      views.push(...repo.map((run) => run.view));
      const starts = minedPerCriterion(repo, ['commitsStartWithKey']).filter((p) =>
        p.id.includes('^#'),
      );
      expect(starts.some((p) => p.id.startsWith('every-shaped:'))).toBe(true);
      const predicates = [
        ...minePredicates(views.map((v, i) => ({ facts: extractFacts(v), label: i % 2 === 0 }))),
        ...forms,
        ...starts,
      ].filter((p) => p.note || p.evidence || p.groups);
      // notes of each kind are among them: a message, a count, a value, failed calls
      for (const fragment of [
        '_said_note',
        '_pattern_note',
        'f["count"]',
        '_amount_note',
        '_break_note',
      ]) {
        expect(
          predicates.some((p) => p.note?.python.includes(fragment)),
          fragment,
        ).toBe(true);
      }
      const outcomes = runPythonEval(probeModule(predicates), views, 'eval_probe');
      const mismatches: string[] = [];
      views.forEach((view, i) => {
        const facts = extractFacts(view);
        const js = predicates.flatMap((p) =>
          [false, true].map((negated) =>
            withCalls(
              'R',
              facts,
              evidenceCalls(p, facts),
              noteFor(p, negated)?.text(facts) ?? null,
            ),
          ),
        );
        const outcome = outcomes[i];
        const py: string[] = outcome?.ok ? JSON.parse(outcome.reason) : [];
        if (!outcome?.ok) {
          mismatches.push(`${view.trace_id}: ${outcome?.error}`);
          return;
        }
        js.forEach((text, j) => {
          if (py[j] !== text) {
            const p = predicates[Math.floor(j / 2)] as Predicate;
            mismatches.push(`${view.trace_id} ${p.id}: js=${text} py=${py[j]}`);
          }
        });
      });
      expect(mismatches.slice(0, 10)).toEqual([]);
    },
    180_000,
  );

  it('a message rule names the message, a count rule the count, an amount rule the amount', () => {
    const [refund] = cases();
    const facts = extractFacts(refund as EvalView);
    const predicates = minePredicates([
      { facts, label: true },
      ...cases()
        .slice(1)
        .map((v) => ({ facts: extractFacts(v), label: false })),
    ]);
    const reasonOf = (id: string, negated = false) => {
      const p = predicates.find((q) => q.id === id) as Predicate;
      return withCalls(
        'R',
        facts,
        evidenceCalls(p, facts),
        noteFor(p, negated)?.text(facts) ?? null,
      );
    };
    expect(reasonOf('pattern:assistant:apology')).toBe(
      'R: assistant message 1 "Sorry about that. I see a charge..."',
    );
    expect(reasonOf('pattern:last:question')).toBe(
      'R: the last message "...been issued. Anything else?"',
    );
    expect(reasonOf('grounded:assistant-amounts', true)).toBe('R: amount "$ 12"');
    expect(reasonOf('error:any-tool')).toBe('R: call 2 \'refund\' (order_id="ORD-123456")');
    // a value passed that no earlier result held: the value and its call
    expect(breakNote(leafEchoedBreak(facts, null, 'order_id'))).toBe('value "ORD-123456" (call 1)');
    expect(breakNote(leafEchoedBreak(facts, null, 'total'))).toBeNull();
    const count = predicates.find((q) => q.id.startsWith('metric:tool_calls>=')) as Predicate;
    expect(withCalls('R', facts, [], noteFor(count, true)?.text(facts) ?? null)).toBe(
      'R: tool calls: 2',
    );
  });
});
