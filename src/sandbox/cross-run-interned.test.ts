import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { makeView } from './sandbox.contract';
import { startedEscapedSandbox } from './testing/escaped-sandbox';
import { killedFor, poolDetail, untilResetsReported } from './testing/pool-status';

// Strings CPython interns while a batch runs, from its trace data, must not be in the interpreter
// when the workspace's next batch starts (#13 probes4 batch 57): collections.namedtuple compiles
// its field names into a code object, and CPython 3.14 makes such names immortal; a class's
// attribute names stay in the type attribute cache. A later eval's string constants equal to them
// were then the very same objects. The workers run testing/escaped-child.mjs (see cross-run.test.ts):
// metadata.escape is privileged Python run before the batch, metadata.observe an expression whose
// repr the eval sees as metadata.observed.

const sandbox = startedEscapedSandbox({ poolSize: 2 });

const prefix = () => `Zq${randomBytes(6).toString('hex')}`;
const words = (p: string, n: number) => Array.from({ length: n }, (_, i) => `${p}_${i}`);

// Eval code: names from the trace through the allowed paths that intern them. The first three
// are compiled into code (immortal in CPython 3.14), the Enum members are set on a class.
const IMMORTAL_EVAL = `import collections, typing

def eval_plant(trace):
    w = trace["metadata"]["words"]
    collections.namedtuple("N", [w[0]])
    collections.namedtuple("M", w[1] + " " + w[2])
    typing.NamedTuple("T", [(w[3], int)])
    return True, str(trace["metadata"]["pid"])
`;
const MORTAL_EVAL = `import enum, json

def eval_plant(trace):
    w = trace["metadata"]["words"]
    enum.Enum("E", [w[0], w[1]])
    enum.Enum("F", {w[2]: 1, w[3]: 2})
    json.loads(json.dumps(dict(**{x: 1 for x in w})))
    return True, str(trace["metadata"]["pid"])
`;
const PID = `def eval_pid(trace):
    return True, str(trace["metadata"]["pid"])
`;

/** Privileged Python that makes the words first; `paths` then interns w[0], w[1], ... */
const escaping = (p: string, n: number, paths: string) =>
  `import sys\nw = [${JSON.stringify(p)} + "_" + str(i) for i in range(${n})]\n${paths}\ndel w`;
// an eval that escaped the Python layer: sys.intern of a name it compiles into code (immortal)
const IMMORTAL_ESCAPE =
  'compile("lambda " + sys.intern(w[0]) + ", " + w[1] + ": 0", "<x>", "eval")';
// setattr on a class and on an instance, a class's attribute dict, __slots__, keyword arguments
const MORTAL_ESCAPE = `class K:
    pass
setattr(K, w[0], 1)
setattr(K(), w[1], 1)
getattr(K(), w[2], None)
type("C", (), {w[3]: 1}).__dict__
type("S", (), {"__slots__": (w[4],)})
(lambda **kw: kw)(**{w[5]: 1})
sys.intern(w[6])
del K`;

/** The indices of prefix `p`'s words that are interned in the child now (privileged, before the batch). */
const observe = (p: string, n: number) =>
  `[i for i in range(${n}) if (lambda s: __import__('sys').intern(s) is not s)(${JSON.stringify(p)} + '_' + str(i))]`;

const SHOW = `def eval_show(trace):
    m = trace["metadata"]
    return True, str(m["pid"]) + "|" + m.get("observed", "-")
`;

async function batch(
  workspaceId: string,
  code: string,
  metadata: Record<string, unknown>,
): Promise<string> {
  const r = await sandbox.runEval({ code, traces: [{ ...makeView('t'), metadata }], workspaceId });
  const o = r.ok ? r.outcomes[0] : undefined;
  if (!o?.ok) {
    throw new Error(`the batch failed: ${JSON.stringify(r)}`);
  }
  return o.reason;
}

/** Plants words of a new prefix, then the next batch looks for them; returns the two pids. */
async function round(
  kind: 'eval' | 'escape',
  code: string,
  n: number,
): Promise<{ pid: string; next: string; resets: number; detail: string }> {
  const resetsBefore = killedFor(await untilResetsReported(sandbox), 'reset');
  const p = prefix();
  // a workspace of its own: its next batch finds the planting child idle, or a new one
  const ws = `ws-interned-${kind}-${code.length}`;
  const pid = await batch(
    ws,
    kind === 'eval' ? code : PID,
    kind === 'eval' ? { words: words(p, n) } : { escape: escaping(p, n, code) },
  );
  // let the planting child finish its reset (or be killed), so the next batch goes to it if kept
  await untilResetsReported(sandbox);
  const [next = '', observed] = (await batch(ws, SHOW, { observe: observe(p, n) })).split('|');
  expect(observed).toBe('[]');
  const status = await sandbox.status();
  return {
    pid,
    next,
    resets: killedFor(status, 'reset') - resetsBefore,
    detail: poolDetail(status),
  };
}

describe('cross-run: interned strings', () => {
  it.each([
    ['eval', IMMORTAL_EVAL, 4],
    ['escape', IMMORTAL_ESCAPE, 2],
  ] as const)(
    '%s: names compiled into code from trace data get the child replaced; the next batch does not have them',
    {
      timeout: 60_000,
    },
    async (kind, code, n) => {
      for (let i = 0; i < 2; i++) {
        const r = await round(kind, code, n);
        expect(r.next).not.toBe(r.pid);
        expect(r.resets).toBe(1);
        expect(r.detail).toMatch(/interned/);
      }
    },
  );

  it.each([
    ['eval', MORTAL_EVAL, 4],
    ['escape', MORTAL_ESCAPE, 7],
  ] as const)(
    '%s: names only the type cache kept are let go and the child kept; the next batch does not have them',
    {
      timeout: 60_000,
    },
    async (kind, code, n) => {
      let reused = 0;
      for (let i = 0; i < 4 && reused < 2; i++) {
        const r = await round(kind, code, n);
        expect(r.resets).toBe(0);
        reused += r.next === r.pid ? 1 : 0;
      }
      expect(reused).toBeGreaterThan(0); // the next batch ran in the planting child
    },
  );

  it("a module body that interns names of its own (a dataclass's defaults, a namedtuple's fields) keeps its child, batch after batch", {
    timeout: 60_000,
  }, async () => {
    // each run of such a module body compiles the same names: only its first run in a child adds
    // to what is interned, and that run is released and the module body run again before any trace
    const code = `import collections, dataclasses, enum, json
P = collections.namedtuple("P", "own_field_one own_field_two")

@dataclasses.dataclass
class Item:
    own_name: str = "x"
    own_tags: list = dataclasses.field(default_factory=list)

Kind = enum.Enum("Kind", "OWN_RED OWN_BLUE")

def eval_own(trace):
    p = P(1, 2)
    return True, "|".join([str(trace["metadata"]["pid"]), json.dumps(Item().own_tags), str(p.own_field_two), Kind.OWN_BLUE.name])
`;
    const pids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await sandbox.runEval({
        code,
        traces: [{ ...makeView(`o${i}`), metadata: {} }],
        workspaceId: 'ws-interned-own',
      });
      const o = r.ok ? r.outcomes[0] : undefined;
      expect(o).toMatchObject({ ok: true, output: '' });
      const [pid, ...rest] = o?.ok ? o.reason.split('|') : [];
      expect(rest).toEqual(['[]', '2', 'OWN_BLUE']);
      pids.push(pid ?? '');
      await untilResetsReported(sandbox);
    }
    expect(new Set(pids).size).toBe(1);
  });
});
