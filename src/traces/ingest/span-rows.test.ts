import { describe, expect, it } from 'vitest';
import { emptySpan } from '../normalised-trace';
import { toSpanRow, traceRowId } from './span-rows';

describe('toSpanRow', () => {
  it('stores every attribute key, in order, beside what the normalised span adds', () => {
    const span = emptySpan('s1', 'llm', 1_700_000_000_000);
    // as JSON.parse gives it: `__proto__` an own key like any other
    span.attributes = JSON.parse('{"b":1,"__proto__":{"x":2},"a":"3"}') as Record<string, unknown>;
    span.totalTokens = 7;
    const row = toSpanRow('ws', 'tr', span);
    expect(JSON.stringify(row.attributes)).toBe(
      '{"b":1,"__proto__":{"x":2},"a":"3","iofold.normalised":{"totalTokens":7}}',
    );
    expect(Object.getPrototypeOf(row.attributes)).toBe(Object.prototype);
  });

  it('leaves attributes as they are when the span adds nothing', () => {
    const span = emptySpan('s1', 'tool', 1_700_000_000_000);
    span.kind = 'TOOL';
    span.attributes = { 'tool.name': 'search' };
    expect(toSpanRow('ws', 'tr', span).attributes).toBe(span.attributes);
  });

  it('gives the span rows of one trace ids that sort next to each other', () => {
    const traceIds = ['a', 'b', 'c'].map((t) => traceRowId('ws', 'otlp', t));
    const rows = traceIds.flatMap((traceId) =>
      Array.from({ length: 20 }, (_, s) => ({
        traceId,
        id: toSpanRow('ws', traceId, emptySpan(`span-${s}`, 'llm', 1_700_000_000_000)).id as string,
      })),
    );
    const byId = [...rows].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
    // every trace's rows form one run in id order (random ids would interleave them)
    const runs = byId.filter((r, i) => i === 0 || byId[i - 1]?.traceId !== r.traceId);
    expect(runs.map((r) => r.traceId).sort()).toEqual([...traceIds].sort());
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
  });
});
