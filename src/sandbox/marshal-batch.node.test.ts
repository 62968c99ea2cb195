import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { marshalList, marshalTraces, marshalTracesReusing } from './marshal-batch.node.js';

const hasPython = spawnSync('python3', ['-V']).status === 0;

// Reads the marshal batch and the JSON of the same traces (both from stdin, length-prefixed) and
// prints whether repr() of the two is the same (repr tells 1 from 1.0 and True, and keeps order).
const COMPARE = `
import json, marshal, sys
data = sys.stdin.buffer.read()
n = int.from_bytes(data[:4], "little")
a, b = marshal.loads(data[4:4 + n]), json.loads(data[4 + n:])
types = lambda v: [type(v).__name__, [types(x) for x in v] if isinstance(v, list) else [[k, types(x)] for k, x in v.items()] if isinstance(v, dict) else None]
print(json.dumps({"same": repr(a) == repr(b) and types(a) == types(b), "marshal": repr(a)[:300], "json": repr(b)[:300]}))
`;

function readBack(traces: unknown[]): { same: boolean; marshal: string; json: string } {
  const items = marshalTraces(traces);
  if (!items) {
    throw new Error('not encoded');
  }
  const m = marshalList(items);
  const len = Buffer.alloc(4);
  len.writeUInt32LE(m.length);
  const input = Buffer.concat([len, m, Buffer.from(JSON.stringify(traces), 'utf8')]);
  const r = spawnSync('python3', ['-c', COMPARE], { input });
  if (r.status !== 0) {
    throw new Error(r.stderr.toString());
  }
  return JSON.parse(r.stdout.toString());
}

const numbers = [
  0,
  -0,
  1,
  -1,
  2 ** 31 - 1,
  2 ** 31,
  -(2 ** 31),
  -(2 ** 31) - 1,
  2 ** 53,
  -(2 ** 53) - 2,
  1e20,
  123456789012345680000,
  1e21,
  -1e21,
  1.5,
  0.1,
  1e-7,
  5e-324,
  Number.MAX_VALUE,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
];
const strings = [
  '',
  'a',
  'x'.repeat(63),
  'x'.repeat(64),
  'y'.repeat(255),
  'y'.repeat(256),
  'y'.repeat(70_000),
  'héllo',
  'é'.repeat(300),
  '日本語',
  '😀 emoji',
  '\ud800',
  'a\udc00b',
  '\udc00\ud800',
  '😀\ud83d',
  'tab\tnew\nline "quoted" \\ back',
  '\u0000\u007f\u0080',
];

describe('marshalTraces', () => {
  it.skipIf(!hasPython)('reads back in python3 exactly as json.loads reads the JSON', () => {
    const trace = {
      trace_id: 't',
      numbers,
      strings,
      nested: { a: [1, [2, [3, { b: null, c: true, d: false }]]], '': {}, '10': 'x', '2': 'y' },
      holes: [undefined, () => 1, Symbol('s'), 1],
      skipped: undefined,
      fn: () => 1,
      ['__proto__']: 'own',
      empty: [],
      keys: Object.fromEntries(strings.slice(0, 12).map((s, i) => [s, i])),
    };
    const parsed = JSON.parse(JSON.stringify(trace));
    const nullProto = Object.assign(Object.create(null), { z: 1, a: [1.25] });
    expect(readBack([trace, parsed, nullProto, {}])).toMatchObject({ same: true });
  });

  it('answers null for what JSON.stringify treats specially, so the batch goes as JSON', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    let deep: unknown = 1;
    for (let i = 0; i < 150; i++) {
      deep = [deep];
    }
    class Point {
      x = 1;
    }
    for (const odd of [
      { at: new Date(0) },
      { p: new Point() },
      { n: 1n },
      { s: new String('boxed') },
      { m: new Map() },
      { j: { toJSON: () => 'x' } },
      cycle,
      { deep },
    ]) {
      expect(marshalTraces([{ ok: 1 }, odd])).toBeNull();
    }
    expect(marshalTraces([{ ok: 1 }])).not.toBeNull();
  });
});

describe('marshalTracesReusing', () => {
  const bufferOf = (items: Uint8Array[]) => (items[0] as Uint8Array).buffer;

  it('writes into the buffer the last encoding released, never into one still in use', () => {
    const first = marshalTracesReusing([{ a: 'first' }]);
    const second = marshalTracesReusing([{ a: 'second' }]); // first not released: its own buffer
    expect(first && second).toBeTruthy();
    if (!first || !second) {
      return;
    }
    expect(bufferOf(second.items)).not.toBe(bufferOf(first.items));
    const before = Buffer.from(first.items[0] as Uint8Array);
    second.release();
    const third = marshalTracesReusing([{ a: 'third!' }]);
    expect(third && bufferOf(third.items)).toBe(bufferOf(second.items));
    expect(Buffer.from(first.items[0] as Uint8Array)).toEqual(before); // untouched
    // what it wrote is what a fresh encoding writes
    expect(Buffer.from((third?.items[0] as Uint8Array) ?? [])).toEqual(
      Buffer.from((marshalTraces([{ a: 'third!' }]) ?? [])[0] as Uint8Array),
    );
    third?.release();
    first.release();
  });

  it('keeps its buffer for the next encoding when the traces are not plain data', () => {
    const done = marshalTracesReusing([{ a: 1 }]);
    done?.release();
    const kept = done && bufferOf(done.items);
    expect(marshalTracesReusing([{ at: new Date(0) }])).toBeNull();
    const next = marshalTracesReusing([{ b: 2 }]);
    expect(next && bufferOf(next.items)).toBe(kept);
    next?.release();
  });
});
