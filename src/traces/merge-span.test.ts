import { describe, expect, it } from 'vitest';
import { mergeSpan } from './merge-span';
import { emptySpan } from './normalised-trace';

describe('mergeSpan', () => {
  it('merges an attribute named __proto__ as an attribute, not as the prototype', () => {
    const into = emptySpan('s1', 'llm', 1_700_000_000_000);
    into.attributes = { a: 1 };
    const next = emptySpan('s1', 'llm', 1_700_000_000_000);
    next.attributes = JSON.parse('{"__proto__":{"tier":"gold"},"b":2}');
    mergeSpan(into, next);
    expect(Object.getPrototypeOf(into.attributes)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(into.attributes))).toEqual(
      JSON.parse('{"a":1,"__proto__":{"tier":"gold"},"b":2}'),
    );
  });
});
