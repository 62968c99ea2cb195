import { describe, expect, it } from 'vitest';
import type { MiningExample } from '../predicate';
import { makeView, type Turn } from '../testing/make-view';
import { inGroup, type ToolGroup } from '../tool-groups';
import { extractFacts } from '../trace-facts';
import { mineCallPredicates } from './call-predicates';
import { askedFirst, repliedBeforeFirst } from './order-predicates';

const facts = (turns: Turn[]) => extractFacts(makeView(turns));
const destructive: ToolGroup = { kind: 'destructive', value: '' };

describe('destructive tools', () => {
  it('are named by a destroying verb, in snake, kebab or camel case', () => {
    for (const name of ['delete_user', 'remove-device', 'wipeLaptop', 'reset_password', 'revoke']) {
      expect(inGroup(name, destructive), name).toBe(true);
    }
    for (const name of ['get_user', 'preset_colour', 'update_group', 'deleted_items_list']) {
      expect(inGroup(name, destructive), name).toBe(false);
    }
  });
});

describe('askedFirst with a yes', () => {
  const remove: Turn = { call: 'remove_device', args: { device: 'laptop' } };
  const asked = (reply: string) =>
    facts([{ assistant: 'Shall I wipe the laptop?' }, { user: reply }, remove]);

  it('holds when the user agreed to the question before the call', () => {
    for (const reply of ['Yes please.', 'Sure, go ahead', 'ok']) {
      expect(askedFirst(asked(reply), destructive, true), reply).toBe(true);
    }
  });

  it('fails on near misses: an answer that holds back, or no question', () => {
    for (const reply of ['Wait, not yet.', 'No, keep it.', 'Which one?']) {
      expect(askedFirst(asked(reply), destructive, true), reply).toBe(false);
      // any answer is enough without `affirmed`
      expect(askedFirst(asked(reply), destructive), reply).toBe(true);
    }
    expect(askedFirst(facts([{ user: 'yes' }, remove]), destructive, true)).toBe(false);
  });
});

describe('repliedBeforeFirst', () => {
  const write: ToolGroup = { kind: 'write', value: '' };
  const update: Turn = { call: 'update_order', args: { id: 'A1' } };
  const plan = 'I will change the address on order A1.';

  it('holds when the user agreed, in any agreeing words, before the first write', () => {
    for (const reply of ['Sounds good.', 'Alright, go for it', 'yes']) {
      const f = facts([
        { user: 'Change it' },
        { assistant: plan },
        { user: reply },
        update,
        update,
      ]);
      expect(repliedBeforeFirst(f, write, true), reply).toBe(true);
    }
    expect(
      repliedBeforeFirst(facts([{ user: 'Change it' }, { assistant: plan }]), write, true),
    ).toBe(true);
  });

  it('fails when the write came first, the reply held back, or only the opening request spoke', () => {
    const late = facts([{ user: 'Change it' }, { assistant: plan }, update, { user: 'yes' }]);
    expect(repliedBeforeFirst(late, write, true)).toBe(false);
    expect(repliedBeforeFirst(late, write)).toBe(false);
    const held = facts([{ assistant: plan }, { user: 'Wait, not yet.' }, update]);
    expect(repliedBeforeFirst(held, write, true)).toBe(false);
    expect(repliedBeforeFirst(held, write)).toBe(true);
    expect(repliedBeforeFirst(facts([{ user: 'yes, change it' }, update]), write, true)).toBe(
      false,
    );
  });
});

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
