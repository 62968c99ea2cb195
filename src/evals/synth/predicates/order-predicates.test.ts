import { describe, expect, it } from 'vitest';
import type { MiningExample } from '../predicate';
import { makeView, type Turn } from '../testing/make-view';
import { extractFacts } from '../trace-facts';
import { mineCallPredicates } from './call-predicates';

const facts = (turns: Turn[]) => extractFacts(makeView(turns));
describe('preconditions in call order', () => {
  const run = (verified: boolean[], resetAt: number): Turn[] => {
    const turns: Turn[] = verified.map((v) => ({
      call: 'verify_identity',
      result: JSON.stringify({ verified: v }),
    }));
    turns.splice(resetAt, 0, { call: 'reset_password', args: { user: 'E1' } });
    return turns;
  };
  const examples: MiningExample[] = [
    { facts: facts(run([true], 1)), label: true, group: 'a' },
    { facts: facts(run([false, true], 2)), label: true, group: 'b' },
    { facts: facts(run([false], 1)), label: false, group: 'c' },
    { facts: facts(run([true], 0)), label: false, group: 'd' },
    { facts: facts(run([false, true], 1)), label: false, group: 'e' },
  ];

  it('asks whether an action came after a call whose result had a field value', () => {
    const gate = mineCallPredicates(examples).find(
      (p) => p.id === 'call-before:verify_identity|result.verified=true->reset_password|',
    );
    expect(gate?.whenTrue).toBe(
      `every 'reset_password' call came after a 'verify_identity' call whose result had verified "true"`,
    );
    expect(examples.map((e) => gate?.test(e.facts))).toEqual(examples.map((e) => e.label));
  });
});
