import { describe, expect, it } from 'vitest';
import { makeView, type Turn } from '../testing/make-view';
import { extractFacts } from '../trace-facts';
import { comparedEarlier, mineComparePredicates, numbersByKey } from './compare-predicates';

const lookup = (result: object): Turn => ({
  call: 'get_account',
  args: { id: 'A1' },
  result: JSON.stringify(result),
});
const pay = (amount: unknown): Turn => ({ call: 'make_payment', args: { id: 'A1', amount } });
const facts = (...turns: Turn[]) => extractFacts(makeView([{ user: 'pay' }, ...turns]));

describe('numbersByKey', () => {
  it('finds numbers at any depth by key, not booleans, strings or list items without a key', () => {
    const found = numbersByKey({ a: 1, b: { a: 2.5, c: [{ a: 3 }, 4] }, d: true, e: '5' });
    expect(Object.fromEntries(found)).toEqual({ a: [1, 2.5, 3] });
  });
});

describe('comparedEarlier', () => {
  it('compares every call argument with the latest earlier result holding the field', () => {
    const within = facts(lookup({ limit: 100 }), pay(100));
    expect(comparedEarlier(within, 'make_payment', 'amount', ['limit'], '<=')).toBe(true);
    expect(comparedEarlier(within, 'make_payment', 'amount', ['limit'], '<')).toBe(false);
    const later = facts(lookup({ limit: 500 }), lookup({ limit: 50 }), pay(100));
    expect(comparedEarlier(later, null, 'amount', ['limit'], '<=')).toBe(false);
    const nested = facts(lookup({ account: { limit: 50 } }), pay(40), pay(60));
    expect(comparedEarlier(nested, 'make_payment', 'amount', ['limit'], '<=')).toBe(false);
  });

  it('fails when no such field was returned before the call, holds when no call has the argument', () => {
    expect(
      comparedEarlier(facts(pay(10), lookup({ limit: 50 })), null, 'amount', ['limit'], '<='),
    ).toBe(false);
    expect(comparedEarlier(facts(lookup({ limit: 50 })), null, 'amount', ['limit'], '<=')).toBe(
      true,
    );
  });

  it('with several fields, compares with each one that was returned', () => {
    const both = facts(lookup({ limit: 50, estimate: 30 }), pay(40));
    expect(comparedEarlier(both, null, 'amount', ['estimate', 'limit'], '<=')).toBe(false);
    const one = facts(lookup({ estimate: 45 }), pay(40));
    expect(comparedEarlier(one, null, 'amount', ['estimate', 'limit'], '<=')).toBe(true);
  });
});

describe('mineComparePredicates', () => {
  it('joins the fields the passing traces respect into one candidate; one group alone makes none', () => {
    const examples = [
      { facts: facts(lookup({ limit: 50, fee: 2 }), pay(40)), label: true, group: 'a' },
      { facts: facts(lookup({ estimate: 90, fee: 3 }), pay(90)), label: true, group: 'b' },
      { facts: facts(lookup({ limit: 50, fee: 2 }), pay(70)), label: false, group: 'c' },
      { facts: facts(pay(10)), label: false, group: 'd' },
    ];
    const ids = mineComparePredicates(examples).map((p) => p.id);
    expect(ids).toContain('compare:*.amount<=estimate|limit');
    expect(ids).toContain('compare:make_payment.amount<=estimate|limit');
    expect(ids).not.toContain('compare:*.amount<=limit');
    expect(ids).not.toContain('compare:*.amount>=estimate|limit');
  });
});
