import { describe, expect, it } from 'vitest';
import { notRunMessage, TIMEOUTS_IN_A_ROW_STOP, type TraceOutcome } from '@/core/ports/sandbox';
import { makeView } from './sandbox.contract';
import { RUNTIME_PROBE } from './testing/runtime-probes';
import { startedSandbox } from './testing/started-sandbox';

// Eval code that passes the static check and then tries to escape, to leave state behind or to
// exhaust a limit. Every probe has one exact outcome, and a sanity trace after it in the same
// batch must still be exact. Heavy probes (1 GB, 100 MB of output) get a per-trace limit large
// enough that a busy machine cannot turn their real outcome into a TIMEOUT.

const sandbox = startedSandbox({ poolSize: 2 });
// The same with one child: the rest of a chunk after a kill goes to a new child of the workspace.
const single = startedSandbox({ poolSize: 1 });
const MODES = [
  ['2 children', sandbox],
  ['1 child', single],
] as const;

type Expected = { code: string; message?: string; reason?: string; output?: string };
const refused = (what: string) =>
  `AttributeError: cannot change attribute ${what}: evals may change only objects they created`;
const truncated = (text: string, cap: number, what = 'output') =>
  `${text.slice(0, cap)}\n[${what} truncated: ${text.length - cap} more characters]`;
const userError = (message: string): Expected => ({ code: 'USER_CODE_ERROR', message });
const noAttribute = (module: string, name: string) =>
  userError(`AttributeError: module '${module}' has no attribute '${name}'`);
const WRAPPER_DEFAULTS_ONLY =
  'TypeError: evals may call update_wrapper and wraps only with their default assigned and updated';
const TOO_DEEP = "RecursionError: the eval recursed deeper than the sandbox's stack allows";
const printed = Array.from({ length: 300_000 }, (_, i) => `${i}\n`).join('');

const WALKS: [string, Expected][] = [
  ['json.codecs', noAttribute('json', 'codecs')],
  ['typing.sys', noAttribute('typing', 'sys')],
  ['re.enum', noAttribute('re', 'enum')],
  ['patch a stdlib class', userError(refused("'encode' of class 'JSONEncoder'"))],
  ['patch a module', userError(refused("'loads' of module 'json'"))],
  [
    'set an attribute on a stdlib object via self',
    userError(refused("'leak' of a RegexFlag object")),
  ],
  ['set an attribute on a stdlib function', userError(refused("'leak' of a function object"))],
  ['update_wrapper on a stdlib function', userError(refused("'__wrapped__' of a function object"))],
  [
    'register dict as a Sequence',
    userError('TypeError: evals may register only classes they define'),
  ],
  [
    'register a stdlib class into an own ABC',
    userError('TypeError: evals may register only classes they define'),
  ],
  ['register an own class into an own ABC', { code: 'ok', reason: 'True' }],
  ['type of a class', userError('TypeError: evals may not take the type of a class')],
  // type(x) is allowed with one argument; the module view class it answers makes nothing (probes)
  ['make a module view', userError('TypeError: evals may not make module views')],
  ['make a module view through a name', userError('TypeError: evals may not make module views')],
  [
    'dataclass on a stdlib class',
    userError('TypeError: evals may apply dataclass only to classes they define'),
  ],
  [
    'dataclass with options on a stdlib class',
    userError('TypeError: evals may apply dataclass only to classes they define'),
  ],
  [
    'enum functional API with a dunder member',
    userError("TypeError: enum member names in evals are plain strings not starting with '_'"),
  ],
  [
    'enum functional API with a sunder member in a list',
    userError("TypeError: enum member names in evals are plain strings not starting with '_'"),
  ],
  ['enum functional API, plain names', { code: 'ok', reason: 'B' }],
  // the guard's errors name the function the eval called (probes24)
  ['update_wrapper reading a named attribute', userError(WRAPPER_DEFAULTS_ONLY)],
  ['wraps reading a named attribute', userError(WRAPPER_DEFAULTS_ONLY)],
  [
    'update_wrapper missing an argument',
    userError("TypeError: update_wrapper() missing 1 required positional argument: 'wrapped'"),
  ],
  // random's command line (argparse's help) is no eval's (probes24)
  ['random.main', noAttribute('random', 'main')],
  // text an eval makes is stored and served as UTF-8: a lone surrogate is replaced (probes24)
  ['a lone surrogate in an exception message', userError('ValueError: a\ufffdb')],
  [
    'lone surrogates in the reason and output',
    { code: 'ok', reason: 'r\ufffd', output: '\ufffd\n' },
  ],
  // cut like output and reasons, and saying so (probes24)
  [
    'a long exception message',
    userError(`ValueError: ${'m'.repeat(2_000)}\n[message truncated: 3000 more characters]`),
  ],
  [
    'update_wrapper onto an own class',
    userError('TypeError: evals may apply update_wrapper and wraps only to functions they define'),
  ],
  [
    'wraps onto an own class',
    userError('TypeError: evals may apply update_wrapper and wraps only to functions they define'),
  ],
  [
    'update_wrapper from an object',
    userError('TypeError: evals may wrap only functions and methods'),
  ],
  ['wraps between own functions', { code: 'ok', reason: 'count_up' }],
  [
    'dataclass with plain field names',
    { code: 'ok', reason: "eval_probe.<locals>.P(a=1, label='t')" },
  ],
  ['typing.Type (its origin is type)', noAttribute('typing', 'Type')],
  ['a metaclass from a module', noAttribute('enum', 'EnumType')],
  ['copy.dispatch_table', noAttribute('copy', 'dispatch_table')],
  ['decimal.DefaultContext', noAttribute('decimal', 'DefaultContext')],
  // singledispatch evaluated annotations (a forward reference from a string; ForwardRef.evaluate is
  // still refused for any other way in), and its registry handed out the classes a stdlib
  // function's annotations name: the real `type` (probes24 X15)
  [
    'functools.singledispatch, which evaluated annotations',
    noAttribute('functools', 'singledispatch'),
  ],
  // the allowed stdlib works as the contract says (#13, F4)
  ['string.Template substitute', { code: 'ok', reason: 'tim likes kung pao' }],
  ['datetime.strptime', { code: 'ok', reason: '2026-12-05 00:00:00' }],
  // HtmlDiff counts its tables on the class: it stays mutable for that, never for evals, and the
  // count starts again in every batch (#13 F3)
  ['difflib.HtmlDiff make_table', { code: 'ok', reason: 'from0_1' }],
  ['difflib.HtmlDiff make_table again', { code: 'ok', reason: 'from1_1' }],
  ['patch difflib.HtmlDiff', userError(refused("'leak' of class 'HtmlDiff'"))],
  // C datetime imports time lazily for these: it is there for datetime, never for the eval (#13, F2)
  ['datetime.strftime', { code: 'ok', reason: '2024-01-02 03:04' }],
  ['date.strftime', { code: 'ok', reason: '02/01/2024' }],
  ['date in an f-string with a format', { code: 'ok', reason: '2024' }],
  ['date.today', { code: 'ok', reason: 'date' }],
  ['datetime.timetuple', { code: 'ok', reason: '(2024, 1, 2, 0, 0, 0, 1, 2, -1)' }],
  ["set the decimal context's precision", { code: 'ok', reason: '0.1428571' }],
  [
    'set another attribute of the decimal context',
    userError(refused("'leak' of a Context object")),
  ],
  ['dataclass with a forward reference', { code: 'ok', reason: 'eval_probe.<locals>.C(a=1)' }],
  ['patch the forward reference class', userError(refused("'leak' of class 'ForwardRef'"))],
  [
    'dataclass on the forward reference class',
    userError('TypeError: evals may apply dataclass only to classes they define'),
  ],
  [
    'error carries only text',
    {
      code: 'ok',
      reason: `("${refused("'encode' of class 'JSONEncoder'").replace('AttributeError: ', '')}",)`,
    },
  ],
];

const HEAVY: [string, Expected][] = [
  ['recursion bomb', userError('RecursionError: maximum recursion depth exceeded')],
  [
    '1 GB allocation',
    { code: 'RESOURCE_LIMIT', message: 'MemoryError: the eval exceeded the sandbox memory cap' },
  ],
  [
    'grow until out of memory',
    { code: 'RESOURCE_LIMIT', message: 'MemoryError: the eval exceeded the sandbox memory cap' },
  ],
  // a str grown in place once left a freed object bound to s when memory ran out (#13)
  ...['double a str', 'double bytes', 'double a list', 'double a str into another name'].map(
    (kind): [string, Expected] => [
      kind,
      { code: 'RESOURCE_LIMIT', message: 'MemoryError: the eval exceeded the sandbox memory cap' },
    ],
  ),
  // probes4 N4: C code recursing past the C stack window raises RecursionError; past V8's stack
  // (deallocating 200,000 nested lists after the error, or a million) the child exits cleanly
  ['deeply nested json', { code: 'RESOURCE_LIMIT', message: TOO_DEEP }],
  [
    'deeply nested json text',
    userError(
      'RecursionError: Stack overflow (used 112 kB) while decoding a JSON array from a unicode string',
    ),
  ],
  ['deep repr through Python', userError('RecursionError: Stack overflow (used 112 kB)')],
  ['drop a deeply nested list', { code: 'RESOURCE_LIMIT', message: TOO_DEEP }],
  [
    'small output',
    { code: 'ok', reason: 'printed', output: truncated(`${'x'.repeat(100_000)}\n`, 16_384) },
  ],
  [
    '100 MB print',
    { code: 'ok', reason: 'printed', output: truncated(`${'x'.repeat(100_000_000)}\n`, 16_384) },
  ],
  ['print loop', { code: 'ok', reason: 'printed', output: truncated(printed, 16_384) }],
  ['huge reason', { code: 'ok', reason: truncated('r'.repeat(50_000_000), 8_192, 'reason') }],
  [
    'huge non-tuple return',
    { code: 'INVALID_RESULT', message: 'eval must return (bool, str), got list' },
  ],
  [
    'str subclass reason',
    { code: 'INVALID_RESULT', message: 'eval must return (bool, str), got (bool, S)' },
  ],
  ['SystemExit', userError('SystemExit: 0')],
  ['KeyboardInterrupt', userError('KeyboardInterrupt')],
  ['exception whose str raises', userError('E')],
];

const TIME_LIMITS = [
  'infinite loop',
  'busy sleep',
  'catastrophic regex',
  'generator finaliser that never returns',
];

function actual(o: TraceOutcome | undefined, e: Expected): Expected {
  if (!o) {
    return { code: 'missing' };
  }
  if (o.ok) {
    return {
      code: 'ok',
      ...(e.reason !== undefined ? { reason: o.reason } : {}),
      ...(e.output !== undefined ? { output: o.output } : {}),
    };
  }
  return { code: o.error.code, ...(e.message !== undefined ? { message: o.error.message } : {}) };
}

async function probe(group: [string, Expected][], timeoutMsPerTrace: number) {
  const traces = group.flatMap(([kind], i) => [
    { ...makeView(`probe-${i}`), metadata: { kind } },
    { ...makeView(`sanity-${i}`), metadata: { kind: 'sanity', n: i + 10 } },
  ]);
  const r = await sandbox.runEval({
    code: RUNTIME_PROBE,
    traces,
    workspaceId: 'ws-probes',
    timeoutMsPerTrace,
  });
  expect(r.ok && r.stopped).toBe(undefined);
  const byId = new Map(r.ok ? r.outcomes.map((o) => [o.traceId, o]) : []);
  group.forEach(([kind, expected], i) => {
    expect({ kind, ...actual(byId.get(`probe-${i}`), expected) }).toEqual({ kind, ...expected });
    expect(byId.get(`sanity-${i}`)).toMatchObject({
      ok: true,
      passed: true,
      reason: `sum=${((i + 10) * (i + 9)) / 2}`,
    });
  });
}

/**
 * One batch at 1 s a trace: the probe `kind`, which must end in TIMEOUT with `error`'s fields (and
 * `output`, when given), then a sanity trace that must answer `sum=6` and print nothing.
 */
async function timeoutThenSanity(kind: string, error: { message?: string }, output?: string) {
  const r = await sandbox.runEval({
    code: RUNTIME_PROBE,
    traces: [
      { ...makeView('probe'), metadata: { kind } },
      { ...makeView('sanity'), metadata: { kind: 'sanity', n: 4 } },
    ],
    workspaceId: 'ws-probes',
    timeoutMsPerTrace: 1000,
  });
  expect(r).toMatchObject({
    ok: true,
    outcomes: [
      {
        ok: false,
        error: { code: 'TIMEOUT', ...error },
        ...(output === undefined ? {} : { output }),
      },
      { ok: true, passed: true, reason: 'sum=6', output: '' },
    ],
  });
}

describe('escape suite: runtime probes (each followed by a sanity trace in the same batch)', () => {
  it('module and attribute walks and attempts to change shared objects are refused', () =>
    probe(WALKS, 20_000));

  it(
    'memory, recursion, output and result limits end in their own outcome',
    { timeout: 180_000 },
    () => probe(HEAVY, 30_000),
  );

  it.each(TIME_LIMITS)('%s ends in TIMEOUT and the next trace runs', (kind) =>
    timeoutThenSanity(kind, { message: 'the eval did not finish within 1000 ms' }),
  );

  it.each([
    ['print, then loop', 'started\nstep 1\n'],
    ['print past the cap, then loop', truncated(`${'x'.repeat(100_000)}\n`, 16_384)],
  ])(
    '%s: the TIMEOUT keeps what the trace printed, capped as output is (probes24)',
    (kind, output) => timeoutThenSanity(kind, {}, output),
  );

  it('an exception whose __str__ never returns is a TIMEOUT naming it, and the next trace runs (probes24)', () =>
    timeoutThenSanity('exception whose str never returns', {
      message:
        "the eval raised Slow, but the exception's __str__ did not return within the 1000 ms limit",
    }));

  it.each(MODES)('attributes a timeout to its own trace (%s)', async (_mode, box) => {
    // the host reads the results file before it kills: the trace running then gets the timeout
    const kinds = ['sanity', 'sanity', 'infinite loop', 'sanity'];
    const r = await box.runEval({
      code: RUNTIME_PROBE,
      traces: kinds.map((kind, i) => ({ ...makeView(`t-${i}`), metadata: { kind, n: i + 1 } })),
      workspaceId: 'ws-probes',
      timeoutMsPerTrace: 1000,
    });
    const timeout = { code: 'TIMEOUT', message: 'the eval did not finish within 1000 ms' };
    expect(r).toMatchObject({
      ok: true,
      outcomes: [
        { traceId: 't-0', ok: true, reason: 'sum=0' },
        { traceId: 't-1', ok: true, reason: 'sum=1' },
        { traceId: 't-2', ok: false, error: timeout },
        { traceId: 't-3', ok: true, reason: 'sum=6' },
      ],
    });
  });

  it.each(MODES)(
    'a module body that never returns ends every trace in TIMEOUT (%s)',
    {
      timeout: 60_000,
    },
    async (_mode, box) => {
      // no "loaded" line in the results file when the limit ran out: the module body never returned
      const r = await box.runEval({
        code: 'def eval_stuck(trace):\n    return True, "never"\n\nwhile True:\n    pass\n',
        traces: [makeView('m-0'), makeView('m-1')],
        workspaceId: 'ws-probes',
        timeoutMsPerTrace: 200,
      });
      const timeout = {
        code: 'TIMEOUT',
        message: 'the eval module or the batch did not load within the time limit',
      };
      expect(r).toMatchObject({
        ok: true,
        outcomes: [
          { traceId: 'm-0', ok: false, error: timeout },
          { traceId: 'm-1', ok: false, error: timeout },
        ],
      });
    },
  );

  it('stops a batch after 3 timeouts in a row and says so', { timeout: 120_000 }, async () => {
    const traces = Array.from({ length: 8 }, (_, i) => ({
      ...makeView(`loop-${i}`),
      metadata: { kind: 'infinite loop' },
    }));
    const r = await sandbox.runEval({
      code: RUNTIME_PROBE,
      traces,
      workspaceId: 'ws-probes',
      timeoutMsPerTrace: 500,
    });
    expect(r.ok && r.stopped).toBe(TIMEOUTS_IN_A_ROW_STOP);
    const messages = r.ok ? r.outcomes.map((o) => (o.ok ? 'ok' : o.error.message)) : [];
    expect(messages.filter((m) => m === 'the eval did not finish within 500 ms')).toHaveLength(3);
    expect(messages.filter((m) => m === notRunMessage(TIMEOUTS_IN_A_ROW_STOP))).toHaveLength(5);
    expect(TIMEOUTS_IN_A_ROW_STOP).toBe('timed out on 3 traces in a row; stopped');
  });
});

describe('work left for after the batch (probes3 F9)', () => {
  it("a finaliser that never ends runs in the last trace's time: TIMEOUT, and the next batch runs", async () => {
    const code = `class Box:\n    pass\ndef mk():\n    try:\n        yield 1\n    finally:\n        x = 0\n        while True:\n            x += 1\nKEEP = []\ndef eval_p(trace):\n    b = Box(); g = mk(); next(g); b.g = g; b.self = b\n    h = mk(); next(h); KEEP.append(h)\n    return True, "left hanging finalizers"\n`;
    const r = await single.runEval({
      code,
      traces: [makeView('a'), makeView('b')],
      workspaceId: 'ws-finaliser',
      timeoutMsPerTrace: 1000,
    });
    const outcomes = r.ok ? r.outcomes.map((o) => (o.ok ? [o.passed, o.reason] : o.error)) : r;
    expect(outcomes).toEqual([
      [true, 'left hanging finalizers'],
      // the release, after the last trace returned, ran the generators' cleanup (probes: it was
      // reported as "did not finish", as if the eval itself had not returned)
      {
        code: 'TIMEOUT',
        message:
          "the eval returned, but work it left behind (a finaliser or a generator's cleanup) ran past the 1000 ms limit after it returned",
        retryable: false,
      },
    ]);
    const next = await single.runEval({
      code: 'def eval_q(trace):\n    return True, "clean"\n',
      traces: [makeView('c')],
      workspaceId: 'ws-finaliser',
    });
    expect(next.ok && next.outcomes.map((o) => o.ok && o.reason)).toEqual(['clean']);
  });

  it("a generator's cleanup run as the eval's own frame ends is the eval not finishing: the runtime cannot tell that without watching every trace", async () => {
    // the local generator is closed while CPython tears down the eval's frame, before the jail's
    // call returns; only the release after the last trace is watched (docs/sandbox.md)
    const code = `def mk():
    try:
        yield 1
    finally:
        while True:
            pass
def eval_p(trace):
    g = mk(); next(g)
    return True, "returned"
`;
    const r = await single.runEval({
      code,
      traces: [makeView('a')],
      workspaceId: 'ws-finaliser-frame',
      timeoutMsPerTrace: 500,
    });
    expect(r.ok && r.outcomes.map((o) => (o.ok ? o.reason : o.error))).toEqual([
      { code: 'TIMEOUT', message: 'the eval did not finish within 500 ms', retryable: false },
    ]);
  });
});
