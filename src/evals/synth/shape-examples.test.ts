import { describe, expect, it } from 'vitest';
import { classCalls, describeClass } from './call-classes';
import { describeRules } from './describe-rules';
import { emitPython } from './emit-python';
import type { DecisionList } from './learn-decision-list';
import type { Predicate } from './predicate';
import { shapeNeedsExample, withShapeExamples } from './shape-examples';
import { makeView } from './testing/make-view';
import { extractFacts } from './trace-facts';
import { wordRulesForTraces } from './word-rules';

/** "a call whose `key` has this shape was made", as the call miner words and asks it. */
function shapedCall(key: string, shape: string): Predicate {
  const c = { tool: '', atom: `${key}#${shape}` };
  const what = describeClass(c);
  return {
    id: `call:*|${c.atom}`,
    family: 'call-atom',
    cost: 2,
    test: (f) => classCalls(f, c).length > 0,
    python: `len(_class_calls(f, "", ${JSON.stringify(c.atom)})) > 0`,
    helpers: ['_class_calls'],
    whenTrue: `${what} was made`,
    whenFalse: `no ${what.replace(/^an? /, '')} was made`,
  };
}

const training = ['src/app/main.py', 'src/lib/util.py', 'src/app/main.py', 'docs/readme.md'].map(
  (path) =>
    extractFacts(
      makeView([
        { user: 'fix it' },
        { call: 'read_file', args: { path }, result: 'ok' },
        { call: 'run_check', args: { command: 'assert total >= 3' }, result: 'ok' },
      ]),
    ),
);

describe('value shapes a reader cannot picture, given as values the labelled traces had', () => {
  it('tells the shapes that need an example from those whose words read plainly', () => {
    expect(shapeNeedsExample('[./9a]{15}')).toBe(true);
    expect(shapeNeedsExample('a{6} {1}a{5} {1}>{1}={1} {1}9{1}')).toBe(true);
    for (const plain of ['"ORD-"9{6}', 'A{3}9{3}', '[A9]{6}', 'a+_{1}9{8}', '"feat-"*', '9{6}']) {
      expect(shapeNeedsExample(plain), plain).toBe(false);
    }
  });

  it("names the most frequent values with the shape's length and kinds, and keeps what it asks", () => {
    const p = shapedCall('path', '[./9a]{15}');
    expect(p.whenTrue).toBe(
      "a call whose path is 15 characters of '.', '/', digits and lowercase letters was made",
    );
    const worded = withShapeExamples(p, training);
    expect(worded.whenTrue).toBe(
      "a call whose path is shaped like 'src/app/main.py' or 'src/lib/util.py' (any 15 characters of lowercase letters, digits, '.' and '/') was made",
    );
    expect(worded.whenFalse).toBe(
      "no call whose path is shaped like 'src/app/main.py' or 'src/lib/util.py' (any 15 characters of lowercase letters, digits, '.' and '/') was made",
    );
    expect([worded.id, worded.test, worded.python]).toEqual([p.id, p.test, p.python]);
    // a shape that reads plainly is left as it is
    const plain = shapedCall('path', '"src/"*');
    expect(withShapeExamples(plain, training)).toBe(plain);
  });

  it('gives a short text by its value, and the Python reason says the same words as the rule', () => {
    const p = shapedCall('command', 'a{6} {1}a{5} {1}>{1}={1} {1}9{1}');
    const list: DecisionList = {
      rules: [{ predicate: 0, negated: false, verdict: false, covered: 1, agreed: 1 }],
      defaultVerdict: true,
      defaultCovered: 0,
      defaultAgreed: 0,
    };
    const worded = wordRulesForTraces(list, [p], training);
    const [rule] = describeRules(list, worded);
    expect(rule).toBe(
      "Fail when a call whose command is shaped like 'assert total >= 3' (the same kinds of characters in the same places) was made.",
    );
    const code = emitPython({
      functionName: 'eval_x',
      list,
      predicates: worded,
      trainingCount: { pass: 3, fail: 1 },
    });
    expect(code).toContain("shaped like 'assert total >= 3'");
    expect(code).not.toContain("6 lowercase letters, ' '");
  });
});
