import { describe, expect, it } from 'vitest';
import type { MiningExample } from '../predicate';
import { makeView, type Turn } from '../testing/make-view';
import { extractFacts } from '../trace-facts';
import { gatedBy, mineGatedPredicates } from './gated-predicates';
import { everyAfter } from './order-predicates';

const facts = (turns: Turn[]) => extractFacts(makeView(turns));
const check = (verified: boolean): Turn => ({
  call: 'verify_caller',
  result: JSON.stringify({ verified }),
});
const unlock: Turn = { call: 'unlock_account', args: { user: 'u1' } };
const grant: Turn = { call: 'grant_access', args: { user: 'u1', system: 'vpn' } };
const note: Turn = { call: 'update_ticket', args: { note: 'called back' } };

describe('a check that answered no is no check', () => {
  it('gatedBy and everyAfter count only a check that succeeded', () => {
    const gate = { tool: 'verify_caller', atom: '' };
    const said = (ok: boolean) => facts([check(ok), unlock]);
    expect(gatedBy(said(true), gate, ['unlock_account'])).toBe(true);
    expect(gatedBy(said(false), gate, ['unlock_account'])).toBe(false);
    expect(gatedBy(facts([check(false), check(true), unlock]), gate, ['unlock_account'])).toBe(
      true,
    );
    expect(
      gatedBy(facts([{ call: 'verify_caller', result: 'GatewayTimeout' }, unlock]), gate, [
        'unlock_account',
      ]),
    ).toBe(false);
    const first = { kind: 'name' as const, value: 'verify_caller' };
    const then = { kind: 'name' as const, value: 'unlock_account' };
    expect(everyAfter(said(true), first, then)).toBe(true);
    expect(everyAfter(said(false), first, then)).toBe(false);
  });
});

describe('mineGatedPredicates', () => {
  it('learns which tools wait for the check from the labels, leaving out a harmless note', () => {
    const runs: [Turn[], boolean][] = [
      [[note, check(true), unlock], true],
      [[check(true), grant, note], true],
      [[note, check(true), grant, unlock], true],
      [[unlock, check(true)], false],
      [[check(false), grant], false],
      [[note, grant, check(true), unlock], false],
      [[check(true), note], true],
      [[check(false), unlock, note], false],
    ];
    const examples: MiningExample[] = runs.map(([turns, label], i) => ({
      facts: facts(turns),
      label,
      group: `g${i}`,
    }));
    const mined = mineGatedPredicates(examples);
    const best = mined.find((p) => p.id === 'gated:verify_caller|->grant_access,unlock_account');
    expect(best, mined.map((p) => p.id).join('\n')).toBeDefined();
    expect(examples.every((e) => best?.test(e.facts) === e.label)).toBe(true);
    expect(best?.whenTrue).toBe(
      "every 'grant_access' or 'unlock_account' call came after a successful 'verify_caller' call (one that did not fail nor answer no)",
    );
  });
});
