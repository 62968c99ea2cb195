import { describe, expect, it } from 'vitest';
import { diffLines } from './diff';

describe('diffLines', () => {
  it('keeps shared lines and numbers each line on its own side', () => {
    const before = 'def eval_x(trace):\n    return True, "ok"\n';
    const after = 'def eval_x(trace):\n    ok = len(trace["steps"]) > 0\n    return ok, "ok"\n';
    expect(diffLines(before, after)).toEqual([
      { kind: 'same', text: 'def eval_x(trace):', a: 1, b: 1 },
      { kind: 'del', text: '    return True, "ok"', a: 2 },
      { kind: 'add', text: '    ok = len(trace["steps"]) > 0', b: 2 },
      { kind: 'add', text: '    return ok, "ok"', b: 3 },
      { kind: 'same', text: '', a: 3, b: 4 },
    ]);
  });

  it('shows identical texts as shared lines only', () => {
    expect(diffLines('a\nb', 'a\nb').map((line) => line.kind)).toEqual(['same', 'same']);
  });
});
