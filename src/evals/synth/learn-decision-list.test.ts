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

  it('refuses a word right on traces of only two tasks when there are six or more (defect 1)', () => {
    // eight tasks of three traces; only tasks 0 and 1 hold passing traces (two each)
    const groups8 = Array.from({ length: 24 }, (_, i) => Math.floor(i / 3));
    const passing = [0, 1, 3, 4];
    const labels8 = groups8.map((_, i) => passing.includes(i));
    // the word: said in exactly the passing traces; the fact: the passing ones and one failing one
    const word8 = Uint8Array.from(labels8, (l) => (l ? 1 : 0));
    const fact8 = Uint8Array.from(labels8, (l, i) => (l || i === 10 ? 1 : 0));
    const surface = { predicates: [true, false], groupOf: groups8, groupCount: 8 };
    const base = { bits: [word8, fact8], costs: [3, 2], labels: labels8, maxRules: 1 };
    expect(learnDecisionList(base).rules.map((r) => r.predicate)).toEqual([0]);
    expect(learnDecisionList({ ...base, surface }).rules.map((r) => r.predicate)).toEqual([1]);
  });

  it('prefers a fact about calls to a word that fits one more trace (defect 1)', () => {
    // two traces per task; a word in every task, the fact misses one passing trace
    const groups10 = Array.from({ length: 20 }, (_, i) => Math.floor(i / 2));
    const labels10 = groups10.map((_, i) => i % 2 === 0);
    const word10 = Uint8Array.from(labels10, (l) => (l ? 1 : 0));
    const fact10 = Uint8Array.from(labels10, (l, i) => (l && i !== 0 ? 1 : 0));
    const surface = { predicates: [true, false], groupOf: groups10, groupCount: 10 };
    const list = learnDecisionList({
      bits: [word10, fact10],
      costs: [3, 2.5],
      labels: labels10,
      maxRules: 1,
      surface,
    });
    expect(list.rules.map((r) => r.predicate)).toEqual([1]);
  });

  it('prefers, on a tie, the fact that separates the runs of a task holding both labels', () => {
    // four tasks of four runs: task 0 mixed (runs 0-1 pass), task 1 and 3 pass, task 2 fails
    const groups4 = Array.from({ length: 16 }, (_, i) => Math.floor(i / 4));
    const labels4 = groups4.map((g, i) => g === 1 || g === 3 || i < 2);
    // a task-level fact: every run of tasks 1 and 3, none of the mixed task
    const taskLevel = Uint8Array.from(groups4, (g) => (g === 1 || g === 3 ? 1 : 0));
    // the property: the passing runs of task 0, all of task 1, half of task 3 (same errors)
    const property = Uint8Array.from(groups4, (g, i) => (i < 2 || g === 1 || i >= 14 ? 1 : 0));
    const surface = { predicates: [false, false], groupOf: groups4, groupCount: 4 };
    const base = { bits: [taskLevel, property], costs: [2, 2], labels: labels4, maxRules: 1 };
    // without groups the first of two equal rules stays
    expect(learnDecisionList(base).rules.map((r) => r.predicate)).toEqual([0]);
    expect(learnDecisionList({ ...base, surface }).rules.map((r) => r.predicate)).toEqual([1]);
    // the same facts complemented, learned as negated literals ("pass when ... was not ...")
    const not = (bits: Uint8Array) => bits.map((b) => 1 - b);
    const negated = { ...base, bits: [not(taskLevel), not(property)], surface };
    const rules = learnDecisionList(negated).rules;
    expect(rules.map((r) => [r.predicate, r.negated, r.verdict])).toEqual([[1, true, true]]);
  });
});
