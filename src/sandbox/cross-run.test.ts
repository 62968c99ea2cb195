import { describe, expect, it } from 'vitest';
import type { TraceOutcome } from '@/core/ports/sandbox';
import { makeView, oneUserCodeError } from './sandbox.contract';
import { startedEscapedSandbox } from './testing/escaped-sandbox';
import { killedFor, poolDetail, untilResetsReported } from './testing/pool-status';

// Nothing crosses from one run to the next, or from one workspace to another. For each channel,
// workspace A leaves a value; B's runs of the same and of different code, and A's own next batch,
// must not see it. The workers run testing/escaped-child.mjs: the real child, plus a hook that
// plays an eval which escaped the Python layer (privileged Python before the batch) and reports
// the process id and privileged observations to the eval through the trace's metadata.

// The idle-CPU limit is lowered so the burning child crosses it even when a loaded machine
// gives it a small share of a core; an idle child stays far below it.
const sandbox = startedEscapedSandbox({ poolSize: 2, idleCpuMsPerSecond: 50 });

const SHOW = `import random, decimal
seen = []

def eval_show(trace):
    seen.append(trace["trace_id"])
    m = trace["metadata"]
    d = str(decimal.Decimal(1) / decimal.Decimal(3))
    return True, "|".join([str(m["pid"]), m.get("observed", "-"), ",".join(seen), str(random.random()), d])
`;
const OTHER = `import random

def eval_other(trace):
    m = trace["metadata"]
    return True, "|".join([str(m["pid"]), m.get("observed", "-"), str(random.random())])
`;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

type Shown = { pid: string; observed: string; seen?: string; random: string; decimal?: string };

async function run(
  workspaceId: string,
  metadata: Record<string, unknown>,
  code = SHOW,
  id = 't',
): Promise<{ outcome: TraceOutcome; shown: Shown | null }> {
  const r = await sandbox.runEval({ code, traces: [{ ...makeView(id), metadata }], workspaceId });
  const outcome = r.ok ? r.outcomes[0] : undefined;
  if (!outcome) {
    throw new Error(`no outcome: ${JSON.stringify(r)}`);
  }
  if (!outcome.ok) {
    return { outcome, shown: null };
  }
  const [pid = '', observed = '', ...rest] = outcome.reason.split('|');
  const shown: Shown =
    code === SHOW
      ? { pid, observed, seen: rest[0], random: rest[1] ?? '', decimal: rest[2] }
      : { pid, observed, random: rest[0] ?? '' };
  return { outcome, shown };
}

// [channel, privileged Python that leaves a value, Python expression that looks for it]
/** The outcome of a batch whose module body left work pending: a violation, its child recycled. */
const LEFT_WORK_RUNNING = {
  ok: false,
  error: {
    code: 'RESOURCE_LIMIT',
    message: expect.stringMatching(/^the eval left work running after its module ran/),
  },
};

const CHANNELS: [string, string, string][] = [
  [
    'module globals of a stdlib module',
    "import json\njson.__dict__['leak'] = 'A'",
    "__import__('json').__dict__.get('leak')",
  ],
  [
    'class attributes of a stdlib class',
    "import gc, json\ngc.get_referents(json.JSONEncoder.__dict__)[0]['leak'] = 'A'",
    "__import__('json').JSONEncoder.__dict__.get('leak')",
  ],
  [
    'builtins',
    "import builtins\nbuiltins.leak = 'A'",
    "getattr(__import__('builtins'), 'leak', None)",
  ],
  [
    'sys.modules',
    "import sys, types\nsys.modules['leak'] = types.ModuleType('A')",
    "__import__('sys').modules.get('leak')",
  ],
  [
    'in-memory file system',
    "open('/tmp/leak', 'w').write('A')",
    "__import__('os').path.exists('/tmp/leak')",
  ],
  [
    'environment',
    "import os\nos.environ._data[os.environ.encodekey('LEAK')] = os.environ.encodevalue('A')",
    "__import__('os').environ.get('LEAK')",
  ],
  [
    "the worker's copy of the check",
    'import iofold_checker\niofold_checker.static_check = (lambda f: lambda code: f(code))(iofold_checker.static_check)',
    "__import__('iofold_checker').static_check.__name__",
  ],
];
const CLEAN: Record<string, string> = {
  'module globals of a stdlib module': 'None',
  'class attributes of a stdlib class': 'None',
  builtins: 'None',
  'sys.modules': 'None',
  'in-memory file system': 'False',
  environment: 'None',
  "the worker's copy of the check": "'static_check'",
};

describe('cross-run: without any escape', () => {
  it('module globals start empty in every batch, and a clean child is reused only by its workspace', async () => {
    const a1 = await run('ws-a', {}, SHOW, 'a1');
    const a2 = await run('ws-a', {}, SHOW, 'a2');
    const b1 = await run('ws-b', {}, SHOW, 'b1');
    const b2 = await run('ws-b', {}, OTHER, 'b2');
    expect([a1.shown?.seen, a2.shown?.seen, b1.shown?.seen]).toEqual(['a1', 'a2', 'b1']);
    expect(b2.shown).toMatchObject({ observed: '-' });
    const aPids = new Set([a1.shown?.pid, a2.shown?.pid]);
    expect(aPids.has(b1.shown?.pid)).toBe(false);
    expect(aPids.has(b2.shown?.pid)).toBe(false);
  });

  it('random and decimal state are reset for every trace', async () => {
    const fresh = await run('ws-random-fresh', {});
    const poison = `import random, decimal

def eval_poison(trace):
    random.seed(12345)
    decimal.getcontext().traps[decimal.Inexact] = True
    return True, str(random.random())
`;
    expect((await run('ws-a', {}, poison)).outcome).toMatchObject({ ok: true });
    for (const [ws, code] of [
      ['ws-a', SHOW],
      ['ws-b', SHOW],
      ['ws-b', OTHER],
    ] as const) {
      const after = await run(ws, {}, code);
      expect(after.shown?.random).toBe(fresh.shown?.random);
      if (code === SHOW) {
        expect(after.shown?.decimal).toBe('0.3333333333333333333333333333');
      }
    }
  });

  it('module-level seeding is not seen by any trace: every trace starts from the same random state', async () => {
    const fresh = await run('ws-random-module', {});
    const seeds = `import random
random.seed(999)
AT_IMPORT = random.random()

def eval_seeds(trace):
    v = random.random()
    random.seed(999)
    random.random()
    return True, repr(v) + "|" + repr(AT_IMPORT)
`;
    const r = await sandbox.runEval({
      code: seeds,
      traces: ['s1', 's2', 's3'].map((id) => makeView(id)),
      workspaceId: 'ws-random-module',
    });
    const reasons = r.ok ? r.outcomes.map((o) => (o.ok ? o.reason.split('|') : [])) : [];
    expect(reasons).toHaveLength(3);
    for (const [atTrace, atImport] of reasons) {
      expect(atTrace).toBe(fresh.shown?.random);
      expect(atImport).not.toBe(fresh.shown?.random);
    }
  });

  it("A poisons what it can reach; B's static check and results stay exact", async () => {
    const poison = `import json, collections, functools

def patch():
    json.JSONEncoder.encode = None

def register():
    collections.abc.Sequence.register(dict)

def wrap():
    functools.update_wrapper(json.JSONDecoder().parse_object, patch)

def eval_poison(trace):
    tried = []
    for attempt in (patch, register, wrap):
        try:
            attempt()
            tried.append("changed")
        except Exception as e:
            tried.append(type(e).__name__)
    return True, ",".join(tried)
`;
    expect((await run('ws-a', {}, poison)).outcome).toMatchObject({
      ok: true,
      reason: 'AttributeError,TypeError,AttributeError',
    });
    expect(await sandbox.check(OTHER)).toEqual({ ok: true, functionName: 'eval_other' });
    const refused = await sandbox.check('import os\n\ndef eval_x(t):\n    return True, ""\n');
    expect(!refused.ok && refused.issues.map((i) => [i.code, i.line])).toEqual([
      ['FORBIDDEN_IMPORT', 1],
    ]);
    const exact = `import json, collections

def eval_exact(trace):
    return True, json.dumps({"a": [1, 2]}) + str(isinstance({}, collections.abc.Sequence))
`;
    const b = await sandbox.runEval({ code: exact, traces: [makeView('b')], workspaceId: 'ws-b' });
    expect(b).toMatchObject({ ok: true, outcomes: [{ ok: true, reason: '{"a": [1, 2]}False' }] });
  });

  it("stdlib callables that set attributes on what they are given touch only the eval's own objects (#13 probes3 F1)", async () => {
    // abstractmethod marked json.dumps & co. for good: another eval of the workspace that keeps
    // re.findall in a class of collections.abc.Sized could no longer instantiate that class
    const poison = `import typing, json, re, dataclasses, functools, collections.abc

def tries():
    yield lambda: typing.abstractmethod(json.dumps)
    yield lambda: collections.abc.abstractmethod(re.findall)
    yield lambda: typing.abstractmethod(dataclasses.MISSING)
    yield lambda: typing.abstractmethod(typing.List)
    yield lambda: functools.total_ordering(json.JSONEncoder)

class Own(collections.abc.Sized):
    @typing.abstractmethod
    def size(self):
        pass
    def __len__(self):
        return 0

def eval_poison(trace):
    tried = []
    for attempt in tries():
        try:
            attempt()
            tried.append("changed")
        except Exception as e:
            tried.append(type(e).__name__)
    try:
        Own()
    except TypeError:
        tried.append("own abstract")
    return True, ",".join(tried)
`;
    const innocent = `import collections.abc, re

class Finder(collections.abc.Sized):
    find_all = staticmethod(re.findall)
    def __len__(self):
        return 0

def eval_innocent(trace):
    return True, str(Finder().find_all(r"[0-9]", "a1b2"))
`;
    expect((await run('ws-abstract', {}, poison)).outcome).toMatchObject({
      ok: true,
      reason: 'AttributeError,AttributeError,AttributeError,AttributeError,TypeError,own abstract',
    });
    const later = await sandbox.runEval({
      code: innocent,
      traces: [makeView('i')],
      workspaceId: 'ws-abstract',
    });
    expect(later).toMatchObject({ ok: true, outcomes: [{ ok: true, reason: "['1', '2']" }] });
  });

  it("difflib.HtmlDiff's table counter starts again in every batch, and the child is kept (#13 F3)", async () => {
    const tables = `import difflib, re

def eval_tables(trace):
    ids = [re.findall(r'id="(from[0-9]+_)', difflib.HtmlDiff().make_table(["a"], ["b"]))[0] for _ in range(2)]
    return True, str(trace["metadata"]["pid"]) + "|" + ",".join(ids)
`;
    const resetsBefore = killedFor(await untilResetsReported(sandbox), 'reset');
    const batches = [];
    for (const id of ['h1', 'h2']) {
      const r = await sandbox.runEval({
        code: tables,
        traces: [{ ...makeView(id), metadata: {} }],
        workspaceId: 'ws-htmldiff',
      });
      batches.push(r.ok && r.outcomes[0]?.ok ? r.outcomes[0].reason.split('|') : []);
      // the next batch goes to this child only once it reported itself clean: asked before, the
      // pool may hand the workspace the fresh spare instead (it did under load)
      await untilResetsReported(sandbox);
    }
    expect(batches.map((b) => b[1])).toEqual(['from0_,from1_', 'from0_,from1_']);
    // kept: its reset put the counter back instead of reporting it left behind
    expect(batches[1]?.[0]).toBe(batches[0]?.[0]);
    expect(killedFor(await sandbox.status(), 'reset')).toBe(resetsBefore);
  });

  it("ABC registrations move CPython's one cache token, which no reset can put back: the batch that registers has its child replaced, and no later batch reads the token it wrote (#13 probes24 S17, X09)", async () => {
    const token = `import collections.abc, functools

def eval_token(trace):
    for _ in range(trace["metadata"].get("register", 0)):
        class Fresh:
            pass
        collections.abc.Sequence.register(Fresh)
    return True, str(functools.get_cache_token())
`;
    const tokenAfter = async (workspaceId: string, register: number) => {
      const r = await sandbox.runEval({
        code: token,
        traces: [{ ...makeView(`abc-${register}`), metadata: { register } }],
        workspaceId,
      });
      await untilResetsReported(sandbox);
      return r.ok && r.outcomes[0]?.ok ? Number(r.outcomes[0].reason) : Number.NaN;
    };
    const start = await tokenAfter('ws-abc', 0);
    const resetsBefore = killedFor(await sandbox.status(), 'reset');
    expect(await tokenAfter('ws-abc', 5)).toBe(start + 5);
    const status = await sandbox.status();
    expect(killedFor(status, 'reset')).toBe(resetsBefore + 1);
    expect(poolDetail(status)).toContain('an ABC registry changed (abc.register)');
    expect([await tokenAfter('ws-abc', 0), await tokenAfter('ws-abc-other', 0)]).toEqual([
      start,
      start,
    ]);
  });

  it('a stdlib class attribute that is a dict, written by a batch, is put back before the next', async () => {
    const write = `import textwrap

def eval_write(trace):
    textwrap.TextWrapper.unicode_whitespace_trans[ord("S")] = ord("Z")
    return True, str(textwrap.TextWrapper().wrap("SECRET"))
`;
    const read = `import textwrap

def eval_read(trace):
    return True, str(textwrap.TextWrapper().wrap("SECRET"))
`;
    const first = await sandbox.runEval({
      code: write,
      traces: [makeView('w')],
      workspaceId: 'ws-a',
    });
    expect(first).toMatchObject({ ok: true, outcomes: [{ ok: true, reason: "['ZECRET']" }] });
    for (const [ws, code] of [
      ['ws-a', read],
      ['ws-a', write.replace('ord("S")] = ord("Z")', 'ord("Q")] = ord("Q")')],
      ['ws-b', read],
    ] as const) {
      const r = await sandbox.runEval({ code, traces: [makeView('r')], workspaceId: ws });
      expect(r).toMatchObject({ ok: true, outcomes: [{ ok: true, reason: "['SECRET']" }] });
    }
  });
  it('an object a batch leaves in a shared container is collected, not kept: 10 batches that each leave 60 MB there stay under the memory cap', async () => {
    // The runtime's objects are frozen out of the collector's walks at start, nothing after: what
    // a container gives back at the reset may be garbage (here a cycle), for the next collection
    const leave = `import textwrap

class Blob:
    pass

def eval_leave(trace):
    b = Blob()
    b.me = b
    b.data = "x" * 60_000_000
    textwrap.TextWrapper.unicode_whitespace_trans[1000] = b
    return True, "left"
`;
    for (let i = 0; i < 10; i++) {
      const r = await sandbox.runEval({
        code: leave,
        traces: [makeView(`m${i}`)],
        workspaceId: 'ws-m',
      });
      expect(r).toMatchObject({ ok: true, outcomes: [{ ok: true, reason: 'left' }] });
    }
  });
  it("a batch's keys left in stdlib caches (typing subscriptions, re templates, strptime formats) never answer in its next batch", async () => {
    // L answers yes to any lookup with hash("yes"): left in typing's cache, it would run and
    // answer for the next batch's typing.Optional["yes"] (#13, F1)
    const plant = `import typing, re, datetime
YES = hash("yes")

class L(str):
    def __hash__(self):
        return YES
    def __eq__(self, other):
        print("planted eq ran")
        return True

class M(str):
    def __hash__(self):
        return hash("%Y")
    def __eq__(self, other):
        return True

def eval_plant(trace):
    for form in (typing.Optional, typing.List, typing.ClassVar, typing.Final):
        form[L("zzz")]
    datetime.datetime.strptime("12", M("%m"))
    return True, str(trace["metadata"]["pid"]) + "|" + re.sub("a", L("zzz"), "a")
`;
    const look = `import typing, re, datetime

def eval_look(trace):
    r = [str(f["yes"]) for f in (typing.Optional, typing.List, typing.ClassVar, typing.Final)]
    r += [re.sub("a", "yes", "a"), str(datetime.datetime.strptime("2012", "%Y"))]
    return True, ";".join([str(trace["metadata"]["pid"]), *r])
`;
    const clean = [
      "ForwardRef('yes') | None",
      "typing.List[ForwardRef('yes')]",
      "typing.ClassVar[ForwardRef('yes', is_class=True)]",
      "typing.Final[ForwardRef('yes', is_class=True)]",
      'yes',
      '2012-01-01 00:00:00',
    ];
    let same = 0;
    for (let i = 0; i < 8 && same < 2; i++) {
      const { outcome, shown } = await run('ws-caches', {}, plant);
      expect(outcome).toMatchObject({ ok: true, reason: `${shown?.pid}|zzz` });
      // the planting child is reused once its reset is over; asked before that, the pool may
      // give the workspace another child (the spare), and this round would prove nothing
      await untilResetsReported(sandbox);
      const r = await sandbox.runEval({
        code: look,
        traces: [makeView('l')],
        workspaceId: 'ws-caches',
      });
      const o = r.ok ? r.outcomes[0] : undefined;
      const [pid, ...answers] = o?.ok ? o.reason.split(';') : [];
      expect({ answers, output: o?.output }).toEqual({ answers: clean, output: '' });
      same += pid === shown?.pid ? 1 : 0;
    }
    expect(same).toBeGreaterThan(0); // the next batch ran in the planting child
  });

  it("keys a module body left in stdlib caches never answer in the workspace's next batch of another code, on the same child (#13 probes22 S50)", async () => {
    // the planting code's module body runs twice in its child, then another code of the same
    // workspace runs there: a module body run ahead of the next batch (b801504, reverted) left
    // these keys in typing's and re's lru_caches, and the other code's lookups answered with them
    const plant = `import typing, re
M = "PLANT" + "ED"

class K:
    def __init__(self, h):
        self.h = h
    def __hash__(self):
        return self.h
    def __eq__(self, other):
        return True
    def __repr__(self):
        return "K-" + M

class L(str):
    def __hash__(self):
        return hash("yes")
    def __eq__(self, other):
        return True

PLANTS = [repr(typing.List[K(hash(float))]), repr(typing.Optional[K(hash(bytes))]), re.sub("a", L(M), "a")]

def eval_plant(trace):
    return True, str(trace["metadata"]["pid"]) + "|" + ",".join(PLANTS)
`;
    const look = `import typing, re
FIRST = [repr(typing.List[float]), repr(typing.Optional[bytes]), re.sub("a", "yes", "a")]

def eval_look(trace):
    again = [repr(typing.List[float]), repr(typing.Optional[bytes]), re.sub("a", "yes", "a")]
    return True, ";".join([str(trace["metadata"]["pid"]), *FIRST, *again])
`;
    const planted = 'typing.List[K-PLANTED],K-PLANTED | None,PLANTED';
    const clean = ['typing.List[float]', 'bytes | None', 'yes'];
    let same = 0;
    for (let i = 0; i < 6 && same < 2; i++) {
      const pids = [];
      for (const id of ['p1', 'p2']) {
        const { outcome, shown } = await run('ws-module-ahead', {}, plant, id);
        expect(outcome).toMatchObject({ ok: true, reason: `${shown?.pid}|${planted}` });
        pids.push(shown?.pid);
        // the next batch goes to this child only once it reported itself clean
        await untilResetsReported(sandbox);
      }
      const r = await sandbox.runEval({
        code: look,
        traces: [{ ...makeView('l'), metadata: {} }],
        workspaceId: 'ws-module-ahead',
      });
      const o = r.ok ? r.outcomes[0] : undefined;
      const [pid, ...answers] = o?.ok ? o.reason.split(';') : [];
      expect({ answers, output: o?.output }).toEqual({ answers: [...clean, ...clean], output: '' });
      same += pids[0] === pids[1] && pid === pids[1] ? 1 : 0;
      await untilResetsReported(sandbox);
    }
    expect(same).toBeGreaterThan(0); // the other code ran in the child that ran the plant twice
  });
  it("re patterns of the module body are reused by the same code's next batch, a trace's never", async () => {
    const code = `import re
MODULE = re.compile("module-level-[a-z]+")

def eval_patterns(trace):
    m = trace["metadata"]
    re.compile(trace["trace_id"] + "-[0-9]+")
    return MODULE.pattern == "module-level-[a-z]+", "|".join([str(m["pid"]), m.get("observed", "-")])
`;
    // before load: what this child keeps for the next batch, and whether re's cache holds any of it
    const observe =
      "([sorted(k[1] for k, _ in v) for v in __import__('iofold_runtime')._module_patterns.values()], any(type(k[1]) is str and k[1].startswith(('module-level', 'secret')) for k in __import__('re')._cache))";
    const pids = new Set<string>();
    let reused = 0;
    for (let i = 0; i < 4; i++) {
      const { outcome, shown } = await run('ws-patterns', { observe }, code, `secret-${i}`);
      expect(outcome).toMatchObject({ ok: true, passed: true });
      const kept = shown?.pid && pids.has(shown.pid) ? "[['module-level-[a-z]+']]" : '[]';
      expect(shown?.observed).toBe(`(${kept}, False)`);
      reused += kept === '[]' ? 0 : 1;
      pids.add(shown?.pid ?? '');
    }
    expect(reused).toBeGreaterThan(0);
  });
});

describe('cross-run: after an eval escaped the Python layer', () => {
  // Shared state the batch reset puts back in place (the child is reused by its workspace).
  it.each([
    [
      'a dict held by a stdlib class (statistics.NormalDist.__slots__)',
      "import statistics\nstatistics.NormalDist.__slots__['leak'] = 'A'",
      "__import__('statistics').NormalDist.__slots__.get('leak')",
    ],
    // an unknown stdlib mutator's mark on a function or object (abstractmethod's was, #13 F1)
    [
      'an attribute of a stdlib function (json.dumps)',
      "import json\njson.dumps.__isabstractmethod__ = 'A'",
      "getattr(__import__('json').dumps, '__isabstractmethod__', None)",
    ],
    [
      'an attribute of a method of a stdlib class (json.JSONEncoder.encode)',
      "import json\njson.JSONEncoder.encode.leak = 'A'",
      "getattr(__import__('json').JSONEncoder.encode, 'leak', None)",
    ],
    [
      'an attribute of a stdlib object (dataclasses.MISSING)',
      "import dataclasses\ndataclasses.MISSING.leak = 'A'",
      "getattr(__import__('dataclasses').MISSING, 'leak', None)",
    ],
    [
      'a dunder attribute of a typing alias (typing.List)',
      "import typing\ntyping.List.__leak__ = 'A'",
      "getattr(__import__('typing').List, '__leak__', None)",
    ],
    [
      "a JavaScript object held by Pyodide's modules (loadedPackages)",
      "import sys\nsys.modules['pyodide._package_loader'].loadedPackages.leak = 'A'",
      "getattr(__import__('sys').modules['pyodide._package_loader'].loadedPackages, 'leak', None)",
    ],
  ])('%s: put back at the batch reset', async (_channel, payload, observe) => {
    const poisoned = await run('ws-a', { escape: payload, observe }, SHOW, 'a-poison');
    expect(poisoned.shown?.observed).toBe("'A'");
    for (const [ws, code] of [
      ['ws-a', SHOW],
      ['ws-a', OTHER],
      ['ws-b', SHOW],
    ] as const) {
      expect((await run(ws, { observe }, code, 'next')).shown?.observed).toBe('None');
    }
  });

  it('a dataclass field name that is not an identifier is refused before its source is built', async () => {
    // The escape hands the eval a class whose annotations name a field with code in it.
    const payload = [
      'import iofold_runtime',
      'class Planted:',
      '    pass',
      `Planted.__annotate__ = lambda fmt: {'a"+str(7*6)+"': int}`,
      "iofold_runtime.BUILTINS['Planted'] = Planted",
    ].join('\n');
    const code = `import dataclasses

def eval_planted(trace):
    dataclasses.dataclass(Planted, init=False, eq=False)
    return True, repr(Planted())
`;
    const r = await sandbox.runEval({
      code,
      traces: [{ ...makeView('p'), metadata: { escape: payload } }],
      workspaceId: 'ws-planted',
    });
    expect(r).toMatchObject(
      oneUserCodeError(
        "TypeError: dataclass field names in evals are plain identifiers not starting with '_'",
      ),
    );
  });

  it.each(CHANNELS)('%s', async (channel, payload, observe) => {
    const poisoned = await run('ws-a', { escape: payload, observe }, SHOW, 'a-poison');
    expect(poisoned.outcome).toMatchObject({ ok: true });
    expect(poisoned.shown?.observed).not.toBe(CLEAN[channel]); // the escape did leave its value
    const seenBy = [
      await run('ws-a', { observe }, SHOW, 'a-next'),
      await run('ws-b', { observe }, SHOW, 'b-same'),
      await run('ws-b', { observe }, OTHER, 'b-other'),
    ];
    for (const { shown } of seenBy) {
      expect(shown?.observed).toBe(CLEAN[channel]);
      expect(shown?.pid).not.toBe(poisoned.shown?.pid);
    }
  });

  // No code the static check accepts reaches a stdlib ABC's caches with an answer of its own:
  // `__subclasshook__` (and `__subclasses__`, metaclasses) are refused in class bodies, `register`
  // moves the token (above), and an eval's own subclasses only leave weak entries that go with
  // them. So the escape (privileged Python below the check) plays what probes24 did through the
  // real `type`: a class with a hook under collections.abc.Sequence and Awaitable.
  const ABC_HOOKS = [
    // names Python interned already: new ones would be left interned, and the child replaced
    'import collections.abc',
    'class Sequence(collections.abc.Sequence):',
    '    @classmethod',
    '    def __subclasshook__(cls, other):',
    '        return True',
    'class Awaitable(collections.abc.Awaitable):',
    '    @classmethod',
    '    def __subclasshook__(cls, other):',
    '        return True',
    'issubclass(dict, collections.abc.Sequence), issubclass(int, collections.abc.Awaitable)',
  ].join('\n');
  const ABC_READ = `import collections.abc

def eval_abc(trace):
    answers = [issubclass(dict, collections.abc.Sequence), isinstance(1, collections.abc.Awaitable)]
    return True, str(trace["metadata"]["pid"]) + "|" + str(answers)
`;
  const abcAnswers = async (
    workspaceId: string,
    metadata: Record<string, unknown>,
    code = ABC_READ,
  ) => {
    const r = await sandbox.runEval({
      code,
      traces: [{ ...makeView('abc-cache'), metadata }],
      workspaceId,
    });
    await untilResetsReported(sandbox);
    const o = r.ok ? r.outcomes[0] : undefined;
    return o?.ok ? o.reason : JSON.stringify(r);
  };

  it("a stdlib ABC's caches, answered by a hook class the batch dropped, are emptied at its reset: the workspace's next batches on the same child and another workspace read the stdlib's answers (#13 probes24)", async () => {
    const poison = `${ABC_HOOKS}\ndel Sequence, Awaitable`;
    const poisoned = await abcAnswers('ws-abc-cache', { escape: poison });
    const [pid] = poisoned.split('|');
    expect(poisoned).toBe(`${pid}|[True, True]`);
    const resetsBefore = killedFor(await sandbox.status(), 'reset');
    // the hook classes went with the batch: the child is clean and kept by its workspace
    expect(await abcAnswers('ws-abc-cache', {})).toBe(`${pid}|[False, False]`);
    const other = ABC_READ.replace('eval_abc', 'eval_abc_other');
    expect(await abcAnswers('ws-abc-cache', {}, other)).toBe(`${pid}|[False, False]`);
    expect(killedFor(await sandbox.status(), 'reset')).toBe(resetsBefore);
    const b = await abcAnswers('ws-abc-cache-other', {});
    expect(b).toBe(`${b.split('|')[0]}|[False, False]`);
  });

  it('a class the batch made that is still a subclass of a stdlib ABC after the reset has its child replaced (its hook would answer again) (#13 probes24)', async () => {
    const poisoned = await abcAnswers('ws-abc-kept', { escape: ABC_HOOKS });
    const [pid] = poisoned.split('|');
    expect(poisoned).toBe(`${pid}|[True, True]`);
    const status = await sandbox.status();
    expect(poolDetail(status)).toContain(
      'a class the batch made is still a subclass of collections.abc.Awaitable, collections.abc.Sequence',
    );
    const next = await abcAnswers('ws-abc-kept', {});
    expect(next).toBe(`${next.split('|')[0]}|[False, False]`);
    expect(next.split('|')[0]).not.toBe(pid);
    const b = await abcAnswers('ws-abc-kept-other', {});
    expect(b).toBe(`${b.split('|')[0]}|[False, False]`);
  });

  it("an eval's own subclass of a stdlib ABC, checked and held by typing's cache until the reset let it go, leaves no answer and no survivor: the child is kept (#13 probes24)", async () => {
    const own = `import collections.abc, typing

class Rec(collections.abc.Mapping):
    def __init__(self, d):
        self.d = d
    def __getitem__(self, k):
        return self.d[k]
    def __iter__(self):
        return iter(self.d)
    def __len__(self):
        return len(self.d)

def eval_rec(trace):
    hint = typing.Optional[Rec]
    answers = [isinstance(Rec({}), collections.abc.Mapping), issubclass(Rec, collections.abc.Sequence),
               issubclass(dict, collections.abc.Sequence), isinstance(1, collections.abc.Awaitable)]
    return True, str(trace["metadata"]["pid"]) + "|" + str(answers)
`;
    const first = await abcAnswers('ws-abc-own', {}, own);
    const [pid] = first.split('|');
    expect(first).toBe(`${pid}|[True, False, False, False]`);
    const resetsBefore = killedFor(await sandbox.status(), 'reset');
    expect(await abcAnswers('ws-abc-own', {}, own)).toBe(`${pid}|[True, False, False, False]`);
    expect(await abcAnswers('ws-abc-own', {})).toBe(`${pid}|[False, False]`);
    expect(killedFor(await sandbox.status(), 'reset')).toBe(resetsBefore);
  });

  it('pending tasks: the batch that leaves one is recorded as a violation and its child replaced', async () => {
    const payload =
      'import asyncio\nasync def forever():\n    while True:\n        await asyncio.sleep(0.01)\nasyncio.get_event_loop().create_task(forever())';
    const observe = "len(__import__('asyncio').all_tasks(__import__('asyncio').get_event_loop()))";
    const poisoned = await run('ws-a', { escape: payload }, SHOW, 'a-poison');
    expect(poisoned.outcome).toMatchObject(LEFT_WORK_RUNNING);
    const next = await run('ws-a', { observe }, SHOW, 'a-next');
    expect(next.shown?.observed).toBe('0');
    const b = await run('ws-b', { observe }, OTHER, 'b');
    expect(b.shown?.observed).toBe('0');
  });

  it('random state: a reseed by the escape is not what any eval sees, not even its own', async () => {
    const fresh = await run('ws-random-fresh-escape', {}, SHOW, 'fresh');
    const observe = "__import__('random').random()";
    const poisoned = await run(
      'ws-a',
      { escape: 'import random\nrandom.seed(12345)', observe },
      SHOW,
      'a-poison',
    );
    expect(poisoned.shown?.observed).toBe('0.41661987254534116'); // random.seed(12345); random()
    const seenBy = [
      poisoned,
      await run('ws-a', {}, SHOW, 'a-next'),
      await run('ws-b', {}, SHOW, 'b-same'),
      await run('ws-b', {}, OTHER, 'b-other'),
    ];
    for (const { shown } of seenBy) {
      expect(shown?.random).toBe(fresh.shown?.random);
    }
  });

  it('a JavaScript timer left pending: recorded as a violation, the child killed', async () => {
    const recycledBefore = killedFor(await sandbox.status(), 'recycle');
    const poisoned = await run('ws-a', { jsTimer: true }, SHOW, 'a-poison');
    expect(poisoned.outcome).toMatchObject(LEFT_WORK_RUNNING);
    // At least this child: a child of an earlier case may finish its own recycling meanwhile.
    expect(killedFor(await sandbox.status(), 'recycle')).toBeGreaterThan(recycledBefore);
    expect((await run('ws-a', {}, SHOW, 'a-next')).shown?.seen).toBe('a-next');
  });

  it('work hidden from the after-batch check: the idle child burning CPU is killed', {
    timeout: 60_000,
  }, async () => {
    const killedBefore = killedFor(await sandbox.status(), 'idle-cpu');
    const poisoned = await run('ws-idle', { burnWhileIdle: true }, SHOW, 'idle-poison');
    expect(poisoned.outcome).toMatchObject({ ok: true });
    const pid = Number(poisoned.shown?.pid);
    const deadline = Date.now() + 20_000;
    while (isAlive(pid) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(isAlive(pid)).toBe(false);
    // exactly this child: idle children's own V8 work (10-60 ms in one second, cpu-watch.node.ts)
    // crossed the lowered limit when it was judged over one second instead of three
    expect(killedFor(await sandbox.status(), 'idle-cpu')).toBe(killedBefore + 1);
  });

  // probes4 N2: a finaliser that only the after-batch reset lets go (a stdlib container put back,
  // typing's cache emptied, the objects of a module that raised) runs after the reply; the child
  // gets a small CPU budget for that reset and is replaced at once past it.
  const HANG = `def hang():
    try:
        yield 1
    finally:
        x = 0
        while True:
            x += 1

`;
  const PID = 'def eval_p(trace):\n    return True, str(trace["metadata"]["pid"])\n';
  it.each([
    [
      'a generator parked in a stdlib class dict',
      `import textwrap\n${HANG}def eval_p(trace):\n    g = hang()\n    next(g)\n    textwrap.TextWrapper.unicode_whitespace_trans[12345] = g\n    return True, str(trace["metadata"]["pid"])\n`,
    ],
    [
      "a generator in typing's subscription cache",
      `import typing\n${HANG}def eval_p(trace):\n    g = hang()\n    next(g)\n    typing.Literal[g]\n    return True, str(trace["metadata"]["pid"])\n`,
    ],
    [
      'a cycle holding a generator, in a module that raised',
      `${HANG}class Box:\n    pass\nbox = Box()\nbox.g = hang()\nnext(box.g)\nbox.me = box\nraise ValueError("boom")\n${PID}`,
    ],
  ])(
    '%s: its finaliser, run by the reset after the reply, gets the child replaced at once',
    {
      timeout: 60_000,
    },
    async (_name, code) => {
      const ws = `ws-n2-${_name}`;
      const resetsBefore = killedFor(await untilResetsReported(sandbox), 'reset');
      const first = await sandbox.runEval({
        code: PID,
        traces: [makeView('n2-a')],
        workspaceId: ws,
      });
      const pid = Number(first.ok && first.outcomes[0]?.ok ? first.outcomes[0].reason : 0);
      expect(isAlive(pid)).toBe(true);
      // so that the next batch goes to this child (asked earlier, it may take the spare)
      await untilResetsReported(sandbox);
      const r = await sandbox.runEval({ code, traces: [makeView('n2-b')], workspaceId: ws });
      const outcome = r.ok ? r.outcomes[0] : undefined;
      if (code.includes('raise ValueError')) {
        expect(outcome).toMatchObject({
          ok: false,
          error: { code: 'USER_CODE_ERROR', message: 'at import time: ValueError: boom' },
        });
      } else {
        expect(outcome).toMatchObject({ ok: true, passed: true, reason: String(pid) });
      }
      // Without the budget the child burns CPU until the reset's 10 s timeout or the idle watch.
      const deadline = Date.now() + 5_000;
      while (isAlive(pid) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(isAlive(pid)).toBe(false);
      const status = await sandbox.status();
      expect(killedFor(status, 'reset')).toBe(resetsBefore + 1);
      expect(poolDetail(status)).toContain(
        "the eval left work that ran after its batch was reported (over the reset's 50 ms CPU budget)",
      );
      const next = await sandbox.runEval({
        code: PID,
        traces: [makeView('n2-c')],
        workspaceId: ws,
      });
      expect(next.ok && next.outcomes[0]).toMatchObject({ ok: true, passed: true });
      expect(next.ok && next.outcomes[0]?.ok && next.outcomes[0].reason).not.toBe(String(pid));
    },
  );

  it("the check function: a worker's poisoned copy never decides, the check process does", async () => {
    const payload =
      "import iofold_checker\niofold_checker.static_check = lambda code: (None, 'eval_x', [], False)";
    await run('ws-a', { escape: payload }, SHOW, 'a-poison');
    const refusedA = await sandbox.runEval({
      code: 'import os\ndef eval_x(t):\n    return True, ""\n',
      traces: [makeView('x')],
      workspaceId: 'ws-a',
    });
    expect(refusedA).toMatchObject({ ok: false, error: { code: 'STATIC_ERROR', line: 1 } });
    const refusedB = await sandbox.runEval({
      code: 'import os\ndef eval_x(t):\n    return True, ""\n',
      traces: [makeView('x')],
      workspaceId: 'ws-b',
    });
    expect(refusedB).toMatchObject({ ok: false, error: { code: 'STATIC_ERROR', line: 1 } });
  });
});
