import { describe, expect, it } from 'vitest';
import { emptySpan, emptyTrace, NormalisedTrace } from '../normalised-trace';
import { isExactNormalisedTrace } from './exact-normalised';

/**
 * The drift guard for the hand-written check: whatever it accepts, the schema must accept and
 * answer unchanged. Every value and key of a trace that uses every optional field is replaced in
 * turn by each odd value below (and deleted); a schema made stricter later without the check
 * following fails here on the first value the check still lets through. Compared as stored (JSON),
 * key order included.
 */
const ODD_VALUES: unknown[] = [
  undefined,
  null,
  true,
  0,
  -1,
  1.5,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  '',
  'x',
  'x'.repeat(257),
  'x'.repeat(1001),
  'UNKNOWN',
  [],
  [1],
  {},
  { a: 1 },
  new Date(0),
];

function fullTrace(): Record<string, unknown> {
  const t = emptyTrace('otlp', 'trace-1') as unknown as Record<string, unknown>;
  Object.assign(t, {
    name: 'chat',
    startTime: 1,
    endTime: 2,
    sessionId: 's-1',
    userId: 'u-1',
    metadata: { k: 'v' },
    tags: ['a'],
    input: 'in',
    output: 'out',
    label: { rating: 'positive', notes: 'fine' },
    scores: [
      { externalId: 'e', name: 'q', value: 1, dataType: 'NUMERIC', comment: 'c', spanId: 's1' },
    ],
  });
  const span = emptySpan('s1', 'root', 1) as unknown as Record<string, unknown>;
  Object.assign(span, {
    parentSpanId: 'p',
    endTime: 2,
    statusMessage: 'm',
    model: 'gpt',
    inputTokens: 1,
    outputTokens: 2,
    totalTokens: 3,
    cost: 0.1,
    input: 'i',
    output: 'o',
    inputMessages: [
      {
        role: 'assistant',
        content: 'hi',
        name: 'n',
        tool_call_id: 't',
        tool_calls: [{ id: 'c', name: 'f', arguments: '{}' }],
      },
    ],
    outputMessages: [{ role: 'user', content: 'ok' }],
    toolCall: { id: 'c', name: 'f', arguments: { a: 1 }, result: 'r' },
    attributes: { a: 1 },
    events: [{ name: 'e', time: 1, attributes: {} }],
    partial: false,
  });
  t.spans = [span];
  return t;
}

type Path = (string | number)[];

/** Every path to an own value in the trace, containers included. */
function paths(value: unknown, prefix: Path = []): Path[] {
  if (typeof value !== 'object' || value === null) {
    return [];
  }
  const keys = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return keys.flatMap((k) => {
    const p = [...prefix, k];
    return [p, ...paths((value as Record<string | number, unknown>)[k], p)];
  });
}

function withValue(
  path: Path,
  replace: (parent: Record<string | number, unknown>, key: string | number) => void,
) {
  const t = structuredClone(fullTrace());
  let parent = t as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) {
    parent = parent[key] as Record<string | number, unknown>;
  }
  replace(parent, path[path.length - 1] as string | number);
  return t;
}

describe('isExactNormalisedTrace against the schema', () => {
  it('starts from a trace both accept unchanged', () => {
    const t = fullTrace();
    expect(isExactNormalisedTrace(t)).toBe(true);
    expect(JSON.stringify(NormalisedTrace.parse(t))).toBe(JSON.stringify(t));
  });

  it('never accepts a value the schema rejects or answers differently', () => {
    const allPaths = paths(fullTrace());
    expect(allPaths.length).toBeGreaterThan(60);
    const accepted: string[] = [];
    const unsafe: string[] = [];
    const check = (what: string, t: unknown) => {
      if (!isExactNormalisedTrace(t)) {
        return;
      }
      accepted.push(what);
      const answered = NormalisedTrace.safeParse(t);
      // compared as stored: an optional key the schema answers as `undefined` is not stored either
      if (!answered.success || JSON.stringify(answered.data) !== JSON.stringify(t)) {
        unsafe.push(what);
      }
    };
    for (const path of allPaths) {
      const at = path.join('.');
      check(
        `${at} deleted`,
        withValue(path, (parent, key) => delete parent[key]),
      );
      for (const odd of ODD_VALUES) {
        check(
          `${at} = ${String(odd)}`,
          withValue(path, (parent, key) => {
            parent[key] = odd;
          }),
        );
      }
    }
    expect(unsafe).toEqual([]);
    // the check is not vacuous: some replacements are valid and it takes them
    expect(accepted.length).toBeGreaterThan(20);
  });
});
