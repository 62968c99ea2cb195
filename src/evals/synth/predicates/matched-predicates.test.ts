import { describe, expect, it } from 'vitest';
import type { MiningExample } from '../predicate';
import { makeView, type Turn } from '../testing/make-view';
import { extractFacts } from '../trace-facts';
import { matchedBefore, mineMatchedPredicates } from './matched-predicates';

const facts = (turns: Turn[]) => extractFacts(makeView(turns));
const approval = (system: string, approved: boolean): Turn => ({
  call: 'request_approval',
  args: { system },
  result: JSON.stringify({ approved, ticket: `A-${system}` }),
});
const grant = (system: string): Turn => ({ call: 'grant_access', args: { user: 'u1', system } });
const same = {
  gate: 'request_approval',
  source: 'arg' as const,
  gateKey: 'system',
  tool: 'grant_access',
  key: 'system',
};

describe('an approval for the same system before each grant', () => {
  it('holds only when an approved call named the same value first', () => {
    expect(matchedBefore(facts([approval('vpn', true), grant('vpn')]), same)).toBe(true);
    expect(matchedBefore(facts([approval('crm', true), grant('vpn')]), same)).toBe(false);
    expect(matchedBefore(facts([approval('vpn', false), grant('vpn')]), same)).toBe(false);
    expect(
      matchedBefore(facts([approval('crm', true), approval('vpn', false), grant('vpn')]), same),
    ).toBe(false);
    expect(matchedBefore(facts([grant('vpn'), approval('vpn', true)]), same)).toBe(false);
    expect(matchedBefore(facts([approval('crm', true)]), same)).toBe(true);
  });

  it('is mined from values that met across calls, and fits labels an order alone does not', () => {
    const runs: [Turn[], boolean][] = [
      [[approval('vpn', true), grant('vpn')], true],
      [[approval('crm', true), grant('crm')], true],
      [[approval('crm', true), approval('vpn', false), grant('vpn')], false],
      [[approval('vpn', true), grant('crm')], false],
      [[approval('hr', true), grant('hr')], true],
      [[approval('vpn', true), grant('hr')], false],
    ];
    const examples: MiningExample[] = runs.map(([turns, label], i) => ({
      facts: facts(turns),
      label,
      group: `g${i}`,
    }));
    const mined = mineMatchedPredicates(examples);
    const best = mined.find(
      (p) => p.id === 'matched:request_approval.arg.system->grant_access.system',
    );
    expect(best, mined.map((p) => p.id).join('\n')).toBeDefined();
    expect(examples.every((e) => best?.test(e.facts) === e.label)).toBe(true);
    expect(best?.whenTrue).toBe(
      "every 'grant_access' call's system was the system of an earlier successful 'request_approval' call (one that did not fail nor answer no)",
    );
  });
});
