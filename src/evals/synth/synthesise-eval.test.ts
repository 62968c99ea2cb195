import { describe, expect, it } from 'vitest';
import type { EvalView } from '@/core/eval-view';
import { amountsGrounded, retriedUnchanged } from './predicates/call-predicates';
import { synthesiseEval } from './synthesise-eval';
import { makeView } from './testing/make-view';
import { pythonUnavailableReason, runPythonEval } from './testing/run-python.node';
import { tauBenchToEvalView } from './testing/tau-bench-view';
import { extractFacts } from './trace-facts';

const noPython = pythonUnavailableReason();
if (noPython) {
  console.log(`skipping Python parity checks in synthesise-eval.test.ts: ${noPython}`);
}

function conversation(i: number, transfer: boolean) {
  return makeView([
    { user: `Hello, I need help with order ${i}` },
    {
      call: 'get_order',
      args: { order_id: `o${i}` },
      result: `{"id": "o${i}", "status": "shipped"}`,
    },
    { assistant: i % 2 === 0 ? 'Your order has shipped.' : 'It is on its way.' },
    ...(transfer ? [{ call: 'transfer_to_human_agents', args: { summary: 'angry' } }] : []),
    { assistant: transfer ? 'A person will take over.' : 'Anything else?' },
  ]);
}

describe('synthesiseEval', () => {
  const examples = Array.from({ length: 24 }, (_, i) => {
    const transfer = i % 3 === 0;
    return { view: conversation(i, transfer), label: !transfer };
  });

  it('learns a one-rule eval on the tool that separates the labels', () => {
    const result = synthesiseEval(examples, { name: 'No transfer!' });
    expect(result.functionName).toBe('eval_no_transfer');
    expect(result.rulePredicates.map((p) => p.id)).toEqual([
      'called:name=transfer_to_human_agents',
    ]);
    expect(result.list.rules[0]?.verdict).toBe(false);
    expect(result.trainingAccuracy).toBe(1);
    expect(result.predict(conversation(99, true))).toEqual({
      passed: false,
      // the rule, then the evidence: which call (position, tool) with its string arguments
      reason:
        "a 'transfer_to_human_agents' tool was called: call 2 'transfer_to_human_agents' (summary=\"angry\")",
    });
    expect(result.predict(conversation(100, false)).passed).toBe(true);
  });

  it('emits readable Python with a comment and a specific reason per branch', () => {
    const { code } = synthesiseEval(examples, { name: 'no transfer' });
    expect(code).toContain('def eval_no_transfer(trace: dict) -> tuple[bool, str]:');
    expect(code).toContain("# Rule 1: fail when a 'transfer_to_human_agents' tool was called.");
    expect(code).toContain(
      'return False, _with_calls("A \'transfer_to_human_agents\' tool was called", f, _group_calls(f, [("name", "transfer_to_human_agents")]))',
    );
    // the default names the calls its rule is about, as the rule does
    expect(code).toContain(
      'return True, _with_calls("No \'transfer_to_human_agents\' tool was called", f, ',
    );
    expect(code).not.toMatch(/^\s*(from|import) (?!json$|re$)/m);
  });

  it.skipIf(noPython)('gives the same verdicts in Python as in JS', () => {
    const result = synthesiseEval(examples, { name: 'no transfer' });
    const fresh = Array.from({ length: 10 }, (_, i) => conversation(200 + i, i % 2 === 0));
    const outcomes = runPythonEval(result.code, fresh);
    expect(outcomes.map((o) => (o.ok ? o.passed : o.error))).toEqual(
      fresh.map((v) => result.predict(v).passed),
    );
  });

  it.skipIf(noPython)('names the same evidence in Python as in JS', () => {
    const result = synthesiseEval(examples, { name: 'no transfer' });
    const fresh = Array.from({ length: 6 }, (_, i) =>
      makeView([
        { user: `Order ${300 + i}, please` },
        { call: 'get_order', args: JSON.stringify({ order_id: `o${i}` }) },
        ...Array.from({ length: i }, (_, j) => ({
          call: 'transfer_to_human_agents',
          args: { summary: `${'very '.repeat(j * 4)}angry é ${j}`, level: j },
        })),
      ]),
    );
    const outcomes = runPythonEval(result.code, fresh);
    const capital = (t: string) => t.charAt(0).toUpperCase() + t.slice(1);
    // where the rule fired, and where every trace fell through to the default verdict
    const fired = fresh.map((_, i) => i);
    expect(fired.map((i) => outcomes[i]).map((o) => (o?.ok ? o.reason : o?.error))).toEqual(
      fired.map((i) => capital(result.predict(fresh[i] as EvalView).reason)),
    );
    const reason = result.predict(fresh[5] as EvalView).reason;
    expect(reason).toMatch(/: call 2 'transfer_to_human_agents' \(summary="angry é 0"\), /);
    // five calls: the first, how many more, the last two (the long value cut at 40 characters)
    expect(reason).toMatch(/ 0"\), 2 more, call 5 '[^']+' \(summary="very .*\.\.\."\), call 6 /);
  });

  it.skipIf(noPython)('names the call a call-shape rule is about, in Python as in JS', () => {
    const run = (i: number, tests: boolean) =>
      makeView([
        { user: `Fix issue ${i} in the parser` },
        { call: 'read_file', args: { path: `src/parser_${i}.py` } },
        { call: 'bash', args: { command: i % 2 === 0 ? 'ls src' : 'cat README.md' } },
        { call: 'bash', args: { command: tests ? `pytest -q tests/test_${i}.py` : 'git status' } },
        { assistant: 'Done.' },
      ]);
    const runs = Array.from({ length: 30 }, (_, i) => ({
      view: run(i, i % 3 !== 0),
      label: i % 3 !== 0,
    }));
    const result = synthesiseEval(runs, { name: 'ran tests' });
    expect(result.rules[0]).toMatch(/^Pass when a call whose command .* was made\.$/);
    const fresh = [run(100, true), run(101, false)];
    const js = result.predict(fresh[0] as EvalView).reason;
    expect(js).toMatch(/ was made: call 3 'bash' \(command="pytest -q tests\/test_100\.py"\)$/);
    const outcomes = runPythonEval(result.code, fresh);
    expect(outcomes[0]?.ok ? outcomes[0].reason : outcomes[0]).toBe(
      js.charAt(0).toUpperCase() + js.slice(1),
    );
  });

  it('falls back to a constant verdict when no rule generalises', () => {
    const noisy = Array.from({ length: 20 }, (_, i) => ({
      view: conversation(i, false),
      label: i % 4 !== 0,
    }));
    const result = synthesiseEval(noisy, { name: 'noisy' });
    expect(result.list.rules.length).toBeLessThanOrEqual(1);
    if (result.list.rules.length === 0) {
      expect(result.code).toContain(
        'return True, "No distinguishing rule was found; most labelled traces pass"',
      );
    }
  });

  it('learns that writes need a user "yes" since the previous write', () => {
    const booking = (i: number, confirm: boolean) =>
      makeView([
        { user: `Please book flight ${i} for me` },
        { call: 'search_flights', args: { q: `f${i}` } },
        { assistant: 'Shall I book it?' },
        { user: confirm ? 'Yes, go ahead.' : 'Hmm, maybe later.' },
        { call: 'book_reservation', args: { flight: `f${i}` } },
        { assistant: 'Done.' },
      ]);
    const train = Array.from({ length: 20 }, (_, i) => ({
      view: booking(i, i % 2 === 0),
      label: i % 2 === 0,
    }));
    const result = synthesiseEval(train, { name: 'confirmed' });
    expect(result.predict(booking(50, true)).passed).toBe(true);
    expect(result.predict(booking(51, false)).passed).toBe(false);
    expect(result.rulePredicates[0]?.family).toBe('confirmation');
    expect(result.constantVerdict).toBeNull();
  });

  it.skipIf(noPython)('emits Python that tolerates a bare trace dict', () => {
    const result = synthesiseEval(examples, { name: 'no transfer' });
    const bare = { trace_id: 'bare' } as unknown as EvalView;
    expect(runPythonEval(result.code, [bare])).toEqual([
      { ok: true, passed: true, reason: "No 'transfer_to_human_agents' tool was called" },
    ]);
    expect(result.predict(bare).passed).toBe(true);
  });

  it('answers a constant eval for no examples or a single label', () => {
    const none = synthesiseEval([], { name: 'empty' });
    expect(none.list.rules).toEqual([]);
    expect(none.constantVerdict).toBe(true);
    expect(none.predict(conversation(1, true)).passed).toBe(true);
    const allFail = synthesiseEval(
      examples.map((e) => ({ ...e, label: false })),
      { name: 'all fail' },
    );
    expect(allFail.list.rules).toEqual([]);
    expect(allFail.list.defaultVerdict).toBe(false);
    // the verdict as data beside its words, which are for people
    expect(allFail.constantVerdict).toBe(false);
    expect(allFail.rules).toEqual(['Always fail: no rule separated the labelled traces.']);
    expect(allFail.code).toContain(
      'return False, "No distinguishing rule was found; most labelled traces fail"',
    );
  });

  it("counts a policy amount as grounded only when the agent's instructions count", () => {
    const view = tauBenchToEvalView({
      task_id: 1,
      traj: [
        { role: 'system', content: 'Damage claims over $200 go to the claims team.' },
        { role: 'user', content: 'My tent arrived torn.' },
        { role: 'assistant', content: 'Claims over $200 are handled by our claims team.' },
      ],
    });
    const facts = extractFacts(view);
    expect(amountsGrounded(facts)).toBe(false);
    expect(amountsGrounded(facts, true)).toBe(true);
  });
  it('tells a failed command retried unchanged from one retried after an edit', () => {
    const shell = (command: string, exit: number) => ({
      call: 'run_shell',
      args: { command },
      result: JSON.stringify({ exit_code: exit, stdout: exit ? 'FAILED' : 'ok' }),
    });
    const edit = {
      call: 'edit_file',
      args: { path: 'src/a.py', old_string: 'a', new_string: 'b' },
    };
    const retried = (turns: Parameters<typeof makeView>[0]) =>
      retriedUnchanged(extractFacts(makeView(turns)));
    // A look at the file between the two runs changes nothing; an edit does.
    expect(retried([shell('pytest', 1), shell('cat src/a.py', 0), shell('pytest', 1)])).toBe(true);
    expect(retried([shell('pytest', 1), edit, shell('pytest', 0)])).toBe(false);
    // Only a failed run counts, and only the same arguments.
    expect(retried([shell('pytest', 0), shell('pytest', 0)])).toBe(false);
    expect(retried([shell('pytest', 1), shell('pytest -x', 1)])).toBe(false);
  });
});

describe('synthesiseEval with the rarer label in one group', () => {
  // 4 failing runs of one task (all transferred) and 20 passing runs of other tasks, two of which
  // transferred too: no inner fold trains on a failing label while testing one, so inner errors
  // could only count the rule's false fails, and they chose the constant verdict.
  const examples = Array.from({ length: 24 }, (_, i) => {
    const transfer = i < 4 || i === 5 || i === 8;
    return { view: conversation(i, transfer), label: i >= 4 };
  });
  const groups = examples.map((_, i) => (i < 4 ? 'task-failing' : `task-${i}`));

  it('keeps the rule the labels support, for the outer folds to judge', () => {
    const result = synthesiseEval(examples, { groups, seed: 1 });
    // the inner errors favour the constant (4 of 24 against 5)
    expect(result.innerErrors[0]).toBeLessThan(result.innerErrors[1] as number);
    expect(result.ruleCount).toBe(1);
    expect(result.rulePredicates.map((p) => p.id)).toEqual([
      'called:name=transfer_to_human_agents',
    ]);
    expect(result.trainingAccuracy).toBeCloseTo(22 / 24);
  });
});
