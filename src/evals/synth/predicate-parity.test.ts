import { describe, expect, it } from 'vitest';
import type { EvalView } from '@/core/eval-view';
import { deriveEvalView } from '@/traces/derive-eval-view';
import { parseChatTranscript } from '@/traces/parsers/parse-chat-transcript';
import { codingViews } from '../../../bench/quality/coding/coding-views';
import { generateCodingRuns } from '../../../bench/quality/coding/generate-coding-runs';
import { callAtoms } from './call-atoms';
import type { Predicate } from './predicate';
import { minePredicates } from './predicates/mine-predicates';
import { textShapes } from './predicates/text-predicates';
import { pythonHelpers } from './python-helpers';
import { accessDeskRuns } from './testing/access-desk-runs';
import { carrierRuns } from './testing/carrier-runs';
import { dataDeskRuns } from './testing/data-desk-runs';
import { loadTauBench } from './testing/load-tau-bench.node';
import { makeView } from './testing/make-view';
import { minedPerCriterion } from './testing/mined-per-criterion';
import { paymentRuns } from './testing/payment-runs';
import { releaseDeskRuns } from './testing/release-desk-runs';
import { repoDeskRuns } from './testing/repo-desk-runs';
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

/** Atoms over all calls of the views (the probe must see some). */
function js0(views: EvalView[]): number {
  return views.reduce(
    (n, v) => n + extractFacts(v).calls.reduce((m, c) => m + callAtoms(c).size, 0),
    0,
  );
}

function importedView(item: TauBenchItem): EvalView {
  const { task_id, trial, traj } = item;
  return deriveEvalView(parseChatTranscript({ task_id, trial, traj }), {
    traceId: `imported-${task_id}-${trial}`,
  }).view;
}

/**
 * Patterns inside free text: tokens split at punctuation, trailing separators, non-ASCII letters,
 * globs and look-alikes (`count(*)`, `a=*`), more tokens than a value keeps.
 */
function tokenCases(): EvalView {
  const many = Array.from({ length: 14 }, (_, i) => `t${i}_x-${i} ORD-${100000 + i}.`).join(' ');
  return makeView([
    { user: 'go' },
    {
      call: 'run_query',
      args: { sql: 'SELECT count(*), raw_x.id FROM raw_orders,stg_ünï WHERE a=* AND b = ?' },
    },
    {
      call: 'run_shell',
      args: { command: 'rm -rf tmp/*.log && make --skip-tests: Ärger_9 ** issue#12 a#b-c' },
    },
    { call: 'post_note', args: { text: many } },
    { call: 'post_note', args: { text: 'See ORD-123456. (REF-12) and feat-x/y.' } },
    // how a value starts: brackets, a colon, a key cut at its digits, no digits, nothing left
    { call: 'git_commit', args: { message: '[PAY-12]: fix (API-7)' } },
    { call: 'git_commit', args: { message: '((#12, Ärger-9x! ok' } },
    {
      call: 'create_branch',
      args: { name: 'feature/PAY-1234-add-x', alt: '[]', long: 'x'.repeat(40) },
    },
    {
      call: 'run_shell',
      args: {
        command:
          'pytest tests/unit/test_a.py::test_b --out=build/x.xml (src/app/b.py) lib/c.py:12:3, a=b.c [x/y] ::x =',
      },
    },
  ]);
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
  const shell = (command: string, exit: number, stdout = '') =>
    ({
      call: 'run_shell',
      args: { command },
      result: JSON.stringify({ exit_code: exit, stdout, stderr: '', ok: exit === 0 }),
    }) as const;
  const coding = makeView([
    { user: 'Fix `src/app.py`, please.' },
    shell('pytest -q tests/test_app.py', 1, 'FAILED'),
    shell('pytest -q tests/test_app.py', 1, 'FAILED'),
    { call: 'edit_file', args: { path: './src/app.py', old_string: 'a', new_string: 'b' } },
    { call: 'write_file', args: { path: 'vendor/lib/Cargo.lock', content: 'x' }, result: 'Error' },
    shell("rm -rf 'dist/' && git push --force origin HEAD", 0),
    shell('cat .env', 0, 'KEY=1'),
    shell('cd /repo && .venv/bin/python3.11 -m pytest -q; ruff check .', 0),
    shell('cd web | ./node_modules/.bin/jest;', 1),
    shell('cat .env.example; echo $GITHUB_TOKEN | git reset --hard', 0),
    { call: 'edit_file', args: { path: 'web/node_modules/x/index.min.js', old_string: 'a' } },
    { call: 'lookup', args: { flight: 'HAT123', code: 'É9', ok: true }, result: '{"x": NaN}' },
    { call: 'lookup', args: { flight: 'HAT123', code: '../..', ok: true }, result: '{"n": 0.0}' },
    { assistant: 'Done: src/app.py and HAT123 are fine.' },
  ]);
  // Values nested in lists and objects, listed by a result and read back (quantifier predicates).
  const nested = makeView([
    { call: 'get_user_details', result: '{"reservations": ["ÉTÉ123", "XYZ789"], "n": [1, "x"]}' },
    { assistant: 'I see ÉTÉ123 and XYZ789. Shall I move ÉTÉ123 to HAT001?' },
    { user: 'yes' },
    {
      call: 'update_flights',
      args: {
        reservation_id: 'ÉTÉ123',
        flights: [
          { flight_number: 'HAT001' },
          { flight_number: 'HAT002', '1': { flight_number: 'HAT003' } },
        ],
      },
    },
    { call: 'get_reservation_details', args: { reservation_id: 'XYZ789' }, result: 'NaN' },
    { assistant: 'Done: ÉTÉ123 now flies HAT001.' },
  ]);
  // Failures reported in the result object (one tool per shape), and near misses that are not.
  const reported = (call: string, result: unknown) =>
    ({ call, result: JSON.stringify(result) }) as const;
  const resultShapes = makeView([
    reported('reset_password', { error: 'account locked' }),
    reported('get_user', { error: { code: 404 } }),
    reported('create_ticket', { ok: false, reason: 'quota' }),
    reported('assign_ticket', { success: false }),
    reported('restart_service', { status: 'Failed' }),
    reported('ping_host', { status: 'ERROR', detail: 'timeout' }),
    reported('list_tickets', { error: null, ok: true, status: 'ok', success: 1 }),
    reported('close_ticket', { error: '', ok: 0, status: 'failing' }),
    reported('lookup_asset', { errors: ['x'], success: 'false', error: false }),
  ]);
  // Failed calls retried, reported, claimed done; a precondition's result field before an action.
  const helpdesk = makeView([
    { user: 'Please reset my password and remove the old laptop.' },
    reported('verify_identity', { verified: false }),
    { assistant: 'Verification failed. Could you confirm your employee id?' },
    { user: 'yes, E123' },
    reported('verify_identity', { verified: true }),
    reported('reset_password', { ok: false }),
    reported('reset_password', { ok: true }),
    reported('remove_device', { error: 'not found' }),
    { assistant: 'All done, the device has been removed successfully.' },
    reported('remove_device', { status: 'failed' }),
    { call: 'run_shell', args: { command: 'pytest -q' }, result: '{"exit_code": 2}' },
    { assistant: 'Sorry, the tests could not run.' },
  ]);
  return [plain, messagesOnly, stepError, twoCalls, empty, coding, nested, resultShapes, helpdesk];
}

/**
 * Plain-text failures (a timeout, an HTTP error status line, a bare exception line, a traceback)
 * and look-alikes that are not.
 */
function textFailures(): EvalView {
  return makeView([
    { call: 'book_slot', args: { slot: 'S1' }, result: 'TIMEOUT: upstream did not answer' },
    { call: 'book_slot', args: { slot: 'S1' }, result: '502 Bad Gateway: try later' },
    { call: 'get_slots', result: 'HTTP/1.1 503 Service Unavailable' },
    { call: 'get_slots', result: '404 items found' },
    { call: 'get_slots', result: 'timeouts are 30 s' },
    { call: 'get_slots', result: '200 OK' },
    { call: 'charge_card', args: { amount: -5 }, result: 'ValueError: amount must be positive' },
    { call: 'get_slots', result: 'java.net.SocketTimeoutException: Read timed out' },
    { call: 'get_slots', result: 'KeyError\r\n' },
    { call: 'get_slots', result: 'GatewayTimeout: the directory did not respond' },
    { call: 'get_slots', result: 'ServiceUnavailable' },
    { call: 'get_slots', result: 'Error: room 5030 is invalid; 503 rooms' },
    { call: 'get_slots', result: 'Error: 429 slow down' },
    { call: 'get_slots', result: 'ok\nTraceback (most recent call last):\n  File "x.py"' },
    { call: 'get_slots', result: 'ValueErrors are logged: 0' },
    { call: 'get_slots', result: 'valueError: not a class name' },
    { call: 'port_number', result: 'exit code 2: SIM not provisioned' },
    { call: 'port_number', result: 'exited with code 127: command not found' },
    { call: 'port_number', result: 'exit code 0: ported' },
    { call: 'port_number', result: 'Exit codes are listed in the manual' },
    { call: 'activate_sim', result: 'ERR_SIM_LOCKED: the SIM is locked' },
    { call: 'activate_sim', result: 'ENOENT: no such file' },
    { call: 'activate_sim', result: 'ERRAND_BOOKED: courier on the way' },
    { call: 'activate_sim', result: 'err_sim_locked: lower case' },
    { call: 'activate_sim', result: 'exist: yes' },
    { call: 'issue_credit', result: '{"status": "rejected", "reason": "over limit"}' },
    { call: 'issue_credit', result: '{"status": "Declined"}' },
    {
      call: 'issue_credit',
      result: '{"ok": false, "error": "validation failed: amount is required"}',
    },
    { call: 'issue_credit', result: '{"errors": [{"field": "amount"}]}' },
    { call: 'issue_credit', result: '{"errors": {}, "status": "ok"}' },
    { call: 'issue_credit', result: '{"status": "ok", "note": "no error"}' },
    { call: 'get_order', args: { order_id: 'ORD-123456', sim: 'SIM1234567890' }, result: '{}' },
    {
      call: 'get_order',
      args: { order_id: 'ord_12ab', ref: 'TOOLONGPREFIX1', x: 'a#1:b' },
      result: '{}',
    },
    { assistant: 'Booked, all set.' },
  ]);
}

/**
 * Numbers compared with numbers an earlier result returned: nested, in lists, equal, booleans,
 * a number too large for a double, and generated payment runs.
 */
function numberCases(): EvalView[] {
  const quote = (result: string, amount: unknown) =>
    makeView([
      { user: 'pay it' },
      { call: 'get_quote', args: { id: 'Q1' }, result },
      { call: 'make_payment', args: { id: 'Q1', amount, lines: [{ amount: 3 }] }, result: '{}' },
      { assistant: 'Paid.' },
    ]);
  return [
    quote('{"estimate": 40, "fee": true}', 40),
    quote('{"quote": {"estimate": [40, 55]}, "fee": 2.5}', 50),
    quote('{"estimate": 1e400, "fee": 3}', 41),
    quote('{"estimate": 12345678901234567890, "fee": 3}', 12345678901234567000),
    quote('{"estimate": "40"}', 39.5),
    quote('{"estimate": -1, "fee": 3}', true),
    ...paymentRuns(7, 12).map((run) => run.view),
  ];
}

describe('predicate parity between JS and the emitted Python', () => {
  it.skipIf(noPython)('every call has the same atoms in both languages', () => {
    const views = [
      ...edgeCases(),
      textFailures(),
      tokenCases(),
      ...dataDeskRuns(7, 30).map((run) => run.view),
      ...repoDeskRuns(7, 12).map((run) => run.view),
      ...codingViews(generateCodingRuns({ seed: 1 })).filter((_, i) => i % 3 === 0),
      ...(tau ?? []).filter((_, i) => i % 4 === 0).map(tauBenchToEvalView),
    ];
    const probe = `import json\nimport re\n\n${pythonHelpers(['_facts', '_call_atoms'])}\n\n\ndef eval_atoms(trace):\n    f = _facts(trace)\n    return True, json.dumps([sorted(_call_atoms(c)) for c in f["calls"]], ensure_ascii=False)\n`;
    const outcomes = runPythonEval(probe, views, 'eval_atoms');
    const mismatches: string[] = [];
    views.forEach((view, i) => {
      const outcome = outcomes[i];
      const js = extractFacts(view).calls.map((c) => [...callAtoms(c)].sort());
      const py: string[][] = outcome?.ok ? JSON.parse(outcome.reason) : [];
      js.forEach((atoms, k) => {
        const other = py[k] ?? [];
        const missing = atoms.filter((a) => !other.includes(a));
        const extra = other.filter((a) => !atoms.includes(a));
        if (missing.length + extra.length > 0) {
          mismatches.push(`${view.trace_id} call ${k}: js only ${missing} py only ${extra}`);
        }
      });
    });
    expect(js0(views)).toBeGreaterThan(0);
    expect(mismatches.slice(0, 20)).toEqual([]);
  });

  it.skipIf(noPython)(
    'every code-like word has the same whole-token shapes in both languages',
    () => {
      const said = [
        'Your refill RX-123456 and codes AB12CD, ABCDEF, a_B-9c9d, HAT123.',
        'IDs: x-1, TOOLONGCODE-1234567, abc-def, 2024-05-15, __init__, Q-9-Z, ÜBER12',
        'Orders ORD-123456 and SIM1234567890, refill RX12AB3C, Ord_9x, ABCDEFGHI12',
      ];
      const views = said.map((text, i) =>
        makeView(
          [
            { user: 'hi' },
            { call: 'get_refill', args: { id: 'RX-123456', code: 'ABCDEF' }, result: '{}' },
            { assistant: text },
          ],
          { task_id: `shapes-${i}` },
        ),
      );
      const probe = `import json\nimport re\n\n${pythonHelpers(['_facts', '_has_shape'])}\n\n\ndef eval_shapes(trace):\n    f = _facts(trace)\n    _has_shape(f, "assistant", "")\n    return True, json.dumps(sorted(f["tokens"]["shape:assistant"]), ensure_ascii=False)\n`;
      const outcomes = runPythonEval(probe, views, 'eval_shapes');
      views.forEach((view, i) => {
        const outcome = outcomes[i];
        const js = [...textShapes(extractFacts(view), 'assistant')].sort();
        expect(js.length).toBeGreaterThan(0);
        expect(outcome?.ok ? JSON.parse(outcome.reason) : outcome).toEqual(js);
      });
    },
  );

  it.skipIf(noPython)(
    'every mined predicate gives the same answer on every trace',
    () => {
      // A third of tau-bench, alternately through the test converter and the product's importer.
      const sample = (tau ?? []).filter((_, i) => i % 3 === 0);
      // And a sample of the generated coding-agent runs of bench/quality (shell commands, paths).
      const coding = codingViews(generateCodingRuns({ seed: 1 })).filter((_, i) => i % 5 === 0);
      const views = [
        ...edgeCases(),
        textFailures(),
        ...numberCases(),
        ...accessDeskRuns(3, 16).map((run) => run.view),
        ...coding,
        ...sample.map((item, i) => (i % 2 === 0 ? tauBenchToEvalView(item) : importedView(item))),
      ];
      // Mine from a mix of traces, labelled by an arbitrary but deterministic rule.
      const mining = views.filter((_, i) => i < 6 || i % 2 === 0);
      const predicates = minePredicates(
        mining.map((v, i) => ({
          facts: extractFacts(v),
          label: i % 2 === 0 || v.trace_id.endsWith('-0'),
        })),
      );
      expect(predicates.length).toBeGreaterThan(tau ? 200 : 40);
      // learned gates: a check (or its result field) before the tools the labels treat as waiting
      expect(predicates.filter((p) => p.id.startsWith('gated:')).length).toBeGreaterThan(0);
      const families = new Set(predicates.map((p) => p.family));
      for (const family of [
        'tool-called',
        'tool-count',
        'tool-order',
        'confirmation',
        'error',
        'text-token',
        'text-pattern',
        'text-shape',
        'last-message',
        'metric',
        'json',
        'argument',
        'call-atom',
        'call-order',
        'call-ending',
        'repeat',
        'value-echo',
        'value-mention',
        'value-grounding',
        'field-match',
        'compare',
        'value-read-back',
        'listed-used',
        'message-position',
        'failure-follow',
        'failure-word',
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
    },
    // one Python run over ~100 traces and ~1,000 predicates: 30-80 s when the machine is shared
    180_000,
  );

  it.skipIf(noPython)(
    'numbers against a constant, every value shaped and learned failure forms give the same answer on every trace',
    () => {
      const carrier = carrierRuns(7, 40);
      const mined = minedPerCriterion(carrier, [
        'creditWithinLimit',
        'orderIdsWellFormed',
        'simIdsWellFormed',
      ]).filter((p) => p.family === 'threshold' || p.id.startsWith('every-shaped:'));
      const desk = releaseDeskRuns(7, 40);
      const families = minedPerCriterion(desk, [
        'branchesFollowConvention',
        'ticketsWellFormed',
        'accountsWellFormed',
      ]).filter((p) => p.id.startsWith('every-shaped:'));
      const forms = minedPerCriterion(desk, ['queriesSucceeded', 'failuresReported']).filter((p) =>
        p.id.includes('forms='),
      );
      expect(forms.length).toBeGreaterThan(1);
      // how a value starts: a ticket key of any project, a type then a key
      const starts = minedPerCriterion(repoDeskRuns(7, 40), [
        'commitsStartWithKey',
        'branchesNamedByType',
      ]).filter((p) => p.id.startsWith('every-shaped:') && p.id.includes('^#'));
      expect(starts.some((p) => p.id.endsWith('message^#A+-{1}9+'))).toBe(true);
      expect(starts.some((p) => p.id.endsWith('name^#a+/{1}A+-{1}9+'))).toBe(true);
      // a naming convention (`"feat-"*`), letters at any length with digits counted, two shapes
      expect(families.some((p) => p.id.endsWith('"*'))).toBe(true);
      expect(families.some((p) => p.id.includes('+_{1}9{8}'))).toBe(true);
      expect(families.some((p) => p.whenTrue.includes(' or '))).toBe(true);
      const numbers = numberCases();
      const results = minePredicates(
        numbers.map((v, i) => ({ facts: extractFacts(v), label: i % 3 !== 0 })),
      ).filter((p) => p.family === 'threshold');
      const predicates = [...mined, ...families, ...forms, ...starts, ...results];
      expect(predicates.filter((p) => p.family === 'threshold').length).toBeGreaterThan(1);
      expect(predicates.filter((p) => p.id.startsWith('every-shaped:')).length).toBeGreaterThan(1);
      const views = [
        ...carrierRuns(8, 60).map((run) => run.view),
        ...releaseDeskRuns(8, 60).map((run) => run.view),
        ...repoDeskRuns(8, 40).map((run) => run.view),
        ...numbers,
        ...edgeCases(),
        textFailures(),
      ];
      const outcomes = runPythonEval(probeModule(predicates), views, 'eval_probe');
      const mismatches: string[] = [];
      views.forEach((view, i) => {
        const outcome = outcomes[i];
        const facts = extractFacts(view);
        const js = predicates.map((p) => (p.test(facts) ? '1' : '0')).join('');
        const py = outcome?.ok
          ? outcome.reason
          : `python error ${outcome?.ok === false ? outcome.error : ''}`;
        if (py !== js) {
          mismatches.push(`${view.trace_id}: js=${js} py=${py}`);
        }
      });
      expect(mismatches.slice(0, 20)).toEqual([]);
    },
  );
});
