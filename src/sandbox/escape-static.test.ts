import { describe, expect, it } from 'vitest';
import { MAX_COMPREHENSIONS, MAX_ELIFS } from './code-shape';
import { makeView } from './sandbox.contract';
import { startedSandbox } from './testing/started-sandbox';
import { ACCEPTED, REFUSED } from './testing/static-probes';

// The static check is an allowlist over Python's ast, run in a process that never runs eval code.
// Each refusal must come with its exact code and line; code it refuses never runs.

const EVAL = '\n\ndef eval_probe(trace):\n    return True, "escaped"\n';
const sandbox = startedSandbox({ poolSize: 1 });

describe('escape suite: the static check refuses', () => {
  it.each(REFUSED)('%s', async (_name, body, code, line) => {
    const r = await sandbox.check(`${body}${EVAL}`);
    expect(r.ok).toBe(false);
    const issues = r.ok ? [] : r.issues.map((i) => ({ code: i.code, line: i.line }));
    expect(issues).toContainEqual({ code, line });
  });

  it('reports every refusal of one source with its own line', async () => {
    const r = await sandbox.check(
      `import os\nx = getattr(1, "real")\ny = (1).__class__\nz = "{0.x}".format(1)${EVAL}`,
    );
    expect(!r.ok && r.issues.map((i) => [i.code, i.line])).toEqual([
      ['FORBIDDEN_IMPORT', 1],
      ['FORBIDDEN_NAME', 2],
      ['FORBIDDEN_ATTRIBUTE', 3],
      ['FORBIDDEN_FORMAT', 4],
    ]);
  });

  it('a power of constants too large to compute within a time limit is refused at check time with its line, not run to a TIMEOUT (#13 probes22 R08)', async () => {
    const code = 'def eval_p(trace):\n    n = 1\n    return True, str(len(str(10 ** 10 ** 9)))\n';
    const r = await sandbox.runEval({ code, traces: [makeView('t')], workspaceId: 'ws-power' });
    expect(r).toEqual({
      ok: false,
      error: {
        code: 'STATIC_ERROR',
        message:
          'this power of constants would have about 3,321,928,095 bits (at most 1,000,000): it would run in C past any time limit',
        line: 3,
        retryable: false,
      },
    });
  });

  it('dataclass field names planted through update_wrapper by an object answering dunders', async () => {
    // Round-2 probe: update_wrapper copied __annotate__ from G onto W, and dataclass executed
    // source built from its field names. G's __getattr__ is refused; so is each runtime step.
    const probe = `import functools, dataclasses
U = "_" * 2
class G:
    def __getattr__(self, n):
        if n == U + "annotate" + U:
            return lambda fmt: {'a"+str(' + U + "import" + U + "('os').getcwd())+" + '"': int}
        if n == U + "type_params" + U:
            return ()
        raise AttributeError(n)
class W:
    pass
def eval_x(trace):
    try:
        functools.update_wrapper(W, G())
    except AttributeError:
        pass
    dataclasses.dataclass(W, init=False, eq=False)
    return True, repr(W())
`;
    const r = await sandbox.check(probe);
    expect(!r.ok && r.issues.map((i) => [i.code, i.line])).toEqual([['FORBIDDEN_NAME', 4]]);
    const run = await sandbox.runEval({ code: probe, traces: [makeView('t')], workspaceId: 'w' });
    expect(run).toMatchObject({ ok: false, error: { code: 'STATIC_ERROR', line: 4 } });
  });

  it('remembers a check per workspace, so a fast answer never says another workspace checked it', async () => {
    // Outside probe: B's check of A's exact source answered in 14 ms against 414 ms cold.
    const code = `x = 1${EVAL}`;
    const first = await sandbox.check(code, 'ws-cache-a');
    expect(await sandbox.check(code, 'ws-cache-a')).toBe(first); // remembered: the same answer
    const other = await sandbox.check(code, 'ws-cache-b');
    expect(other).not.toBe(first); // checked again for B
    expect(other).toEqual(first);
  });

  it('and runEval never runs refused code', async () => {
    const r = await sandbox.runEval({
      code: 'import os\n\ndef eval_probe(trace):\n    return True, os.getcwd()\n',
      traces: [makeView('x')],
      workspaceId: 'ws-static',
    });
    expect(r).toEqual({
      ok: false,
      error: {
        code: 'STATIC_ERROR',
        message: "import of 'os' is not allowed",
        line: 1,
        retryable: false,
      },
    });
  });
});

describe('escape suite: the static check accepts what evals need', () => {
  it.each(ACCEPTED)('%s', async (_name, body) => {
    expect(await sandbox.check(`${body}${EVAL}`)).toEqual({ ok: true, functionName: 'eval_probe' });
  });

  it('and runs an allowed submodule and a function imported by name', async () => {
    const code =
      'from collections import abc\nfrom json import loads\n\ndef eval_probe(trace):\n    return isinstance(loads("[]"), abc.Sequence), abc.__name__\n';
    const r = await sandbox.runEval({ code, traces: [makeView('t')], workspaceId: 'ws-static' });
    expect(r.ok && r.outcomes.map((o) => (o.ok ? [o.passed, o.reason] : o.error.code))).toEqual([
      [true, 'collections.abc'],
    ]);
  });

  it('accepts and runs code that starts with a UTF-8 byte order mark, its lines numbered as without it (probes24)', async () => {
    const code =
      '\ufeffimport json\n\ndef eval_probe(trace):\n    return True, json.loads("[1]")[1]\n';
    expect(await sandbox.check(code)).toEqual({ ok: true, functionName: 'eval_probe' });
    const r = await sandbox.runEval({ code, traces: [makeView('t')], workspaceId: 'ws-static' });
    expect(r).toMatchObject({
      ok: true,
      outcomes: [
        {
          ok: false,
          error: {
            code: 'USER_CODE_ERROR',
            message: 'IndexError: list index out of range',
            line: 4,
            traceback: expect.stringContaining(
              'line 4, in eval_probe\n    return True, json.loads("[1]")[1]\n',
            ),
          },
        },
      ],
    });
  });
});

describe('the check answers up to its documented bounds (probes3 F12)', () => {
  const elifs = (k: number) =>
    `X = 7\nif X == 0:\n    pass\n${Array.from({ length: k }, (_, i) => `elif X == ${i + 1}:\n    Y = ${i + 1}\n`).join('')}`;

  it('accepts and runs 1,000 elif clauses, and refuses 1,001 at the line of the last', async () => {
    const code = `${elifs(MAX_ELIFS)}\ndef eval_probe(trace):\n    return True, str(Y)\n`;
    expect(await sandbox.check(code)).toEqual({ ok: true, functionName: 'eval_probe' });
    const r = await sandbox.runEval({ code, traces: [makeView('t')], workspaceId: 'ws-static' });
    expect(r.ok && r.outcomes.map((o) => (o.ok ? [o.passed, o.reason] : o.error.code))).toEqual([
      [true, '7'],
    ]);
    const over = await sandbox.check(`${elifs(MAX_ELIFS + 1)}${EVAL}`);
    expect(!over.ok && over.issues.map((i) => [i.code, i.line])).toEqual([
      ['TOO_COMPLEX', 4 + 2 * MAX_ELIFS],
    ]);
  });

  it('refuses comprehensions nested past the bound as TOO_COMPLEX, and runs those at it', async () => {
    const comp = (k: number) => `X = ${'['.repeat(k)}1${' for _ in [1]]'.repeat(k)}\n`;
    for (const k of [MAX_COMPREHENSIONS + 1, 23, 40]) {
      const r = await sandbox.check(`${comp(k)}${EVAL}`);
      expect(!r.ok && r.issues.map((i) => [i.code, i.line])).toEqual([['TOO_COMPLEX', 1]]);
    }
    const code = `${comp(MAX_COMPREHENSIONS)}\ndef eval_probe(trace):\n    return True, str(X)\n`;
    const r = await sandbox.runEval({ code, traces: [makeView('t')], workspaceId: 'ws-static' });
    const nested = `${'['.repeat(MAX_COMPREHENSIONS)}1${']'.repeat(MAX_COMPREHENSIONS)}`;
    expect(r.ok && r.outcomes.map((o) => (o.ok ? [o.passed, o.reason] : o.error.code))).toEqual([
      [true, nested],
    ]);
  });
});

describe('the eval function is its own plain def, never rebound (probes3 F10)', () => {
  const DEF = 'def eval_probe(trace):\n    return True, "orig"\n';
  const rebound = (line: number) => ['DUPLICATE_EVAL_FUNCTION', line];
  it.each([
    ['an import under its name', `${DEF}from json import dumps as eval_probe\n`, [rebound(3)]],
    ['a module imported as it', `${DEF}import json as eval_probe\n`, [rebound(3)]],
    [
      'a global rebinding in a helper',
      `${DEF}def helper():\n    global eval_probe\n    eval_probe = lambda t: (False, "SWAPPED")\nhelper()\n`,
      [rebound(4), rebound(5)],
    ],
    [
      'its own decorator',
      `def deco(f):\n    return lambda t: (False, "WRAPPED")\n@deco\n${DEF}`,
      [['BAD_SIGNATURE', 3]],
    ],
    ['an assignment', `${DEF}eval_probe = 5\n`, [rebound(3)]],
    ['a for target', `${DEF}for eval_probe in []:\n    pass\n`, [rebound(3)]],
    ['del', `${DEF}del eval_probe\n`, [rebound(3)]],
    ['a walrus', `${DEF}x = (eval_probe := 1)\n`, [rebound(3)]],
    ['a class', `${DEF}class eval_probe:\n    pass\n`, [rebound(3)]],
    [
      'an except name',
      `${DEF}try:\n    pass\nexcept Exception as eval_probe:\n    pass\n`,
      [rebound(5)],
    ],
    ['a match capture', `${DEF}match 1:\n    case eval_probe:\n        pass\n`, [rebound(4)]],
  ])('refuses %s at its line', async (_name, code, issues) => {
    const r = await sandbox.check(code);
    expect(!r.ok && r.issues.map((i) => [i.code, i.line])).toEqual(issues);
  });

  it('accepts reading and calling it, and other names bound anywhere', async () => {
    const code = `def eval_probe(trace):\n    if trace is None:\n        return True, "none"\n    return eval_probe(None)\nF = eval_probe\ndef helper():\n    global G\n    G = 1\n    evaluator = 2\n    return evaluator\n`;
    expect(await sandbox.check(code)).toEqual({ ok: true, functionName: 'eval_probe' });
    const r = await sandbox.runEval({ code, traces: [makeView('t')], workspaceId: 'ws-static' });
    expect(r.ok && r.outcomes.map((o) => (o.ok ? [o.passed, o.reason] : o.error.code))).toEqual([
      [true, 'none'],
    ]);
  });
});
