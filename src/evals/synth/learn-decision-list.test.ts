import { describe, expect, it } from 'vitest';
import { learnDecisionList } from './learn-decision-list';

// Three tasks of four traces: A and B have two passing traces each, C one.
const labels = [true, true, false, false, true, true, false, false, true, false, false, false];
const groupOf = [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2];
// A word said in every passing trace of tasks A and B and never in task C.
const word = Uint8Array.from([1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0]);
// A structural fact that marks the passing traces of A only.
const fact = Uint8Array.from([1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
const input = { bits: [word, fact], costs: [3, 2], labels, maxRules: 1 };

describe('learnDecisionList', () => {
  it('takes the word that removes the most errors when words are not marked as surface', () => {
    const list = learnDecisionList(input);
    expect(list.rules.map((r) => [r.predicate, r.negated, r.verdict])).toEqual([[0, false, true]]);
  });

  it('refuses a word that never occurs in a task holding a trace with the verdict it stands for', () => {
    const surface = { predicates: [true, false], groupOf, groupCount: 3 };
    const list = learnDecisionList({ ...input, surface });
    expect(list.rules.map((r) => [r.predicate, r.negated, r.verdict])).toEqual([[1, false, true]]);
    // nor its negation ("fail when the word was not said"), which stands for the same split
    const negatedOnly = learnDecisionList({ ...input, bits: [word], costs: [3], surface });
    expect(negatedOnly.rules).toEqual([]);
  });

  it('keeps a word that occurs in every task where its verdict occurs', () => {
    const everywhere = Uint8Array.from([1, 1, 0, 0, 1, 1, 0, 0, 1, 0, 0, 0]);
    const surface = { predicates: [true, false], groupOf, groupCount: 3 };
    const list = learnDecisionList({ ...input, bits: [everywhere, fact], surface });
    expect(list.rules.map((r) => r.predicate)).toEqual([0]);
  });
});
