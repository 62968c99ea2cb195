import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvalView } from '@/core/eval-view';
import type { AskedQuestion, BridgeQuestion, Sandbox, TraceOutcome } from '@/core/ports/sandbox';

/** A minimal valid eval view for tests. */
export function makeView(traceId: string, messages: EvalView['messages'] = []): EvalView {
  return {
    version: 1,
    trace_id: traceId,
    steps: [],
    messages,
    input: null,
    output: null,
    metadata: {},
  };
}

/**
 * What `runEval` answers (to match with `toMatchObject`) when its one trace's outcome is the eval's
 * own error, `USER_CODE_ERROR` with `message` (a string or an asymmetric matcher).
 */
export const oneUserCodeError = (message: unknown) => ({
  ok: true,
  outcomes: [{ ok: false, error: { code: 'USER_CODE_ERROR', message } }],
});

const PASS_IF_GREETING = `import re

def eval_greets(trace):
    text = " ".join(m["content"] for m in trace["messages"] if m["role"] == "assistant")
    if re.search(r"\\bhello\\b", text, re.I):
        return True, "greets the user"
    return False, "no greeting"
`;

function outcome(outcomes: TraceOutcome[], id: string): TraceOutcome {
  const o = outcomes.find((x) => x.traceId === id);
  if (!o) {
    throw new Error(`no outcome for ${id}`);
  }
  return o;
}

/**
 * The behaviour every Sandbox adapter shares. `setup` runs once per suite (share one pool per
 * test file); `teardown` afterwards.
 */
export function describeSandboxContract(
  name: string,
  setup: () => Promise<Sandbox> | Sandbox,
  teardown?: (sandbox: Sandbox) => Promise<void>,
): void {
  describe(`Sandbox contract: ${name}`, () => {
    let sandbox: Sandbox;
    beforeAll(async () => {
      sandbox = await setup();
    });
    afterAll(async () => {
      await (teardown ? teardown(sandbox) : sandbox.close());
    });
    const get = () => sandbox;
    checkCases(get);
    runCases(get);
    bridgeCases(get);
    statusCases(get);
  });
}

/** The static check: accepted code, and each refusal with its line. */
function checkCases(get: () => Sandbox): void {
  it('accepts a valid eval and names its function', async () => {
    const sandbox = get();
    expect(await sandbox.check(PASS_IF_GREETING)).toEqual({
      ok: true,
      functionName: 'eval_greets',
    });
  });

  it('reports a syntax error with its line', async () => {
    const sandbox = get();
    const r = await sandbox.check('def eval_x(trace):\n    return (True, "x"\n');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.issues[0]?.code).toBe('SYNTAX_ERROR');
      expect(r.issues[0]?.line).toBe(2);
    }
  });

  it('reports forbidden imports and calls with their lines', async () => {
    const sandbox = get();
    const r = await sandbox.check(
      'import json\nimport os\n\ndef eval_x(trace):\n    open("/etc/passwd")\n    return True, ""\n',
    );
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.issues.map((i) => [i.code, i.line])).toEqual([
        ['FORBIDDEN_IMPORT', 2],
        ['FORBIDDEN_NAME', 5],
      ]);
    }
  });

  it('reports a missing and a duplicate eval function', async () => {
    const sandbox = get();
    const missing = await sandbox.check('def helper(trace):\n    return True, ""\n');
    expect(missing.ok === false && missing.issues.map((i) => i.code)).toEqual([
      'MISSING_EVAL_FUNCTION',
    ]);
    const dup = await sandbox.check(
      'def eval_a(t):\n    return True, ""\n\ndef eval_a(t):\n    return False, ""\n',
    );
    expect(dup.ok === false && dup.issues.map((i) => [i.code, i.line])).toEqual([
      ['DUPLICATE_EVAL_FUNCTION', 4],
    ]);
  });
}

/** Batch runs: outcomes in order, refusals and failures as data. */
function runCases(get: () => Sandbox): void {
  it('runs one eval over many traces in one call, in order', async () => {
    const sandbox = get();
    const traces = Array.from({ length: 20 }, (_, i) =>
      makeView(`t${i}`, [{ role: 'assistant', content: i % 2 ? 'Hello there' : 'Goodbye' }]),
    );
    const r = await sandbox.runEval({
      code: PASS_IF_GREETING,
      traces,
      workspaceId: 'ws-contract',
    });
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.outcomes.map((o) => o.traceId)).toEqual(traces.map((t) => t.trace_id));
      expect(r.outcomes.map((o) => o.ok && o.passed)).toEqual(traces.map((_, i) => i % 2 === 1));
      expect(outcome(r.outcomes, 't1')).toMatchObject({ ok: true, reason: 'greets the user' });
    }
  });

  it('refuses to run code that fails the static check', async () => {
    const sandbox = get();
    const r = await sandbox.runEval({
      code: 'import socket\ndef eval_x(t):\n    return True, ""\n',
      traces: [makeView('a')],
      workspaceId: 'ws-contract',
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'STATIC_ERROR', line: 1 } });
  });

  it('turns exceptions, wrong shapes and timeouts into per-trace outcomes and goes on', async () => {
    const sandbox = get();
    const code = `def eval_mixed(trace):
  kind = trace["metadata"]["kind"]
  print("running", kind)
  if kind == "raise":
      raise KeyError("missing field")
  if kind == "shape":
      return "yes"
  if kind == "loop":
      while True:
          pass
  return True, "fine"
`;
    const kinds = ['ok', 'raise', 'shape', 'loop', 'ok'];
    const traces = kinds.map((kind, i) => ({ ...makeView(`m${i}`), metadata: { kind } }));
    const r = await sandbox.runEval({
      code,
      traces,
      workspaceId: 'ws-contract',
      timeoutMsPerTrace: 1000,
    });
    expect(r.ok).toBe(true);
    if (!r.ok) {
      return;
    }
    expect(outcome(r.outcomes, 'm0')).toMatchObject({
      ok: true,
      passed: true,
      output: 'running ok\n',
    });
    const raised = outcome(r.outcomes, 'm1');
    expect(raised).toMatchObject({ ok: false, error: { code: 'USER_CODE_ERROR', line: 5 } });
    expect(!raised.ok && raised.error.traceback).toContain('KeyError');
    expect(outcome(r.outcomes, 'm2')).toMatchObject({
      ok: false,
      error: { code: 'INVALID_RESULT' },
    });
    expect(outcome(r.outcomes, 'm3')).toMatchObject({ ok: false, error: { code: 'TIMEOUT' } });
    expect(outcome(r.outcomes, 'm4')).toMatchObject({ ok: true, passed: true, reason: 'fine' });
  });

  it('reports an exception raised at import time on every trace', async () => {
    const sandbox = get();
    const r = await sandbox.runEval({
      code: 'x = 1 / 0\n\ndef eval_x(t):\n    return True, ""\n',
      traces: [makeView('a'), makeView('b')],
      workspaceId: 'ws-contract',
    });
    expect(r.ok && r.outcomes.map((o) => !o.ok && o.error.code)).toEqual([
      'USER_CODE_ERROR',
      'USER_CODE_ERROR',
    ]);
  });

  it('answers an empty batch with no outcomes', async () => {
    const sandbox = get();
    expect(
      await sandbox.runEval({ code: PASS_IF_GREETING, traces: [], workspaceId: 'ws-contract' }),
    ).toEqual({
      ok: true,
      outcomes: [],
    });
  });
}

/** The model bridge: questions come back as data, answers go in. */
function bridgeCases(get: () => Sandbox): void {
  it('asks a bridge question back, then runs the trace with its answer', async () => {
    const sandbox = get();
    const code = `def eval_polite(trace):
  text = trace["messages"][-1]["content"]
  try:
      verdict = judge("Is the reply polite?", text)
  except BaseException:
      return True, "swallowed"
  return verdict == "yes", f"judge said {verdict}"
`;
    expect(await sandbox.check(code)).toEqual({
      ok: true,
      functionName: 'eval_polite',
      bridge: ['judge'],
    });
    const traces = ['Thank you kindly', 'Go away'].map((content, i) =>
      makeView(`b${i}`, [{ role: 'assistant', content }]),
    );
    const first = await sandbox.runEval({ code, traces, workspaceId: 'ws-contract' });
    const asked = first.ok ? first.outcomes.flatMap((o) => (o.ok ? [] : (o.questions ?? []))) : [];
    const withoutId = ({ id: _id, ...q }: AskedQuestion): BridgeQuestion => q;
    expect(
      first.ok && first.outcomes.map((o) => !o.ok && [o.error.code, o.questions?.map(withoutId)]),
    ).toEqual([
      [
        'NEEDS_ANSWER',
        [
          {
            kind: 'judge',
            question: 'Is the reply polite?',
            text: 'Thank you kindly',
            choices: ['yes', 'no'],
          },
        ],
      ],
      [
        'NEEDS_ANSWER',
        [
          {
            kind: 'judge',
            question: 'Is the reply polite?',
            text: 'Go away',
            choices: ['yes', 'no'],
          },
        ],
      ],
    ]);
    // each question comes back with its id (a digest of it); answers go in by id
    const ids = asked.map((q) => q.id);
    expect(ids).toEqual([expect.stringMatching(/^[0-9a-f]{32}$/), expect.any(String)]);
    expect(new Set(ids).size).toBe(2);
    const answers = [
      { id: ids[0] as string, a: 'yes' },
      { id: ids[1] as string, a: 'no' },
    ];
    const second = await sandbox.runEval({ code, traces, workspaceId: 'ws-contract', answers });
    expect(second.ok && second.outcomes.map((o) => o.ok && [o.passed, o.reason])).toEqual([
      [true, 'judge said yes'],
      [false, 'judge said no'],
    ]);
    // an answer goes to the question of its id only; the same question has the same id again
    const only = await sandbox.runEval({
      code,
      traces,
      workspaceId: 'ws-contract',
      answers: [{ id: ids[1] as string, a: 'yes' }],
    });
    expect(only.ok && only.outcomes.map((o) => (o.ok ? o.reason : o.questions?.[0]?.id))).toEqual([
      ids[0],
      'judge said yes',
    ]);
  });

  it('refuses bridge calls at import time and with bad arguments', async () => {
    const refusals = [
      // at import time
      ['x = ask("hi")\n\ndef eval_x(t):\n    return True, ""\n', 'only while the eval'],
      // one choice
      ['def eval_x(t):\n    return judge("q", "t", ("yes",)) == "yes", ""\n', '2 to 10'],
    ] as const;
    for (const [code, message] of refusals) {
      const r = await get().runEval({ code, traces: [makeView('a')], workspaceId: 'ws-contract' });
      expect(r.ok && r.outcomes[0]).toMatchObject({
        ok: false,
        error: { code: 'USER_CODE_ERROR', message: expect.stringContaining(message) },
      });
    }
  });
}

/** What the adapter reports about itself. */
function statusCases(get: () => Sandbox): void {
  it('reports its isolation layers', async () => {
    const sandbox = get();
    const s = await sandbox.status();
    expect(s.available).toBe(true);
    expect(s.layers.length).toBeGreaterThan(0);
    for (const layer of s.layers) {
      expect(layer).toEqual({
        name: expect.any(String),
        active: expect.any(Boolean),
        detail: expect.any(String),
      });
    }
  });
}
