import { describe, expect, it } from 'vitest';
import { checkProposal, guardsPass, idLikeTokens, templateVariables } from './guards';

const parent = { system: 'You help {{customer_name}} with bookings. Be polite.' };
const base = { parent, pool: [parent], taskTexts: [] as string[], maxChars: 200 };

describe('proposal guards', () => {
  it('lists template variables once each, sorted', () => {
    expect(templateVariables('{{ b }} {{a}} {{b}} {x}')).toEqual(['a', 'b']);
  });

  it('passes a proposal that keeps the variables and adds general advice', () => {
    const g = checkProposal({
      ...base,
      child: { system: `${parent.system} Confirm the date before booking.` },
    });
    expect(guardsPass(g)).toBe(true);
  });

  it('rejects a proposal that drops or adds a variable, naming both sets', () => {
    const g = checkProposal({ ...base, child: { system: 'You help {{user}} with bookings.' } });
    expect(g.variables).toEqual({
      ok: false,
      message: 'system: expected {customer_name}, got {user}',
    });
    expect(guardsPass(g)).toBe(false);
  });

  it('rejects text equal to any candidate in the pool', () => {
    const other = { system: 'You help {{customer_name}}. Be brief.' };
    const g = checkProposal({ ...base, pool: [parent, other], child: { ...other } });
    expect(g.novel).toEqual({ ok: false, message: 'same text as candidate 1' });
  });

  it('rejects a component longer than the cap', () => {
    const g = checkProposal({ ...base, child: { system: `${parent.system} ${'x'.repeat(300)}` } });
    expect(g.length.ok).toBe(false);
    expect(g.length.message).toContain('(cap 200)');
  });

  it('rejects an 8-word sequence copied from a minibatch task', () => {
    const task = 'I want to change my flight to the one leaving on Monday morning please';
    const g = checkProposal({
      ...base,
      maxChars: 1000,
      taskTexts: [task],
      child: {
        system: `${parent.system} If asked "change my flight to the one leaving on Monday", do it.`,
      },
    });
    expect(g.copied.ok).toBe(false);
    expect(g.copied.message).toContain(
      '"change my flight to the one leaving on", "my flight to the one leaving on monday"',
    );
  });

  it('rejects an id-like token from a task but not one the parent already had', () => {
    const task = 'My booking ZFA04Y, email mia.li@example.com, order 4521';
    const copied = checkProposal({
      ...base,
      taskTexts: [task],
      child: { system: `${parent.system} Booking ZFA04Y is special.` },
    });
    expect(copied.copied).toEqual({
      ok: false,
      message: 'copied from the minibatch tasks: zfa04y',
    });
    const inherited = checkProposal({
      ...base,
      parent: { system: 'Order 4521 {{customer_name}}' },
      pool: [],
      taskTexts: [task],
      child: { system: 'Order 4521 {{customer_name}}, politely.' },
    });
    expect(inherited.copied.ok).toBe(true);
    expect([...idLikeTokens(task)].sort()).toEqual(['4521', 'mia.li@example.com', 'zfa04y']);
  });

  it('rejects a proposal that adds a repeated line or an always/never pair, naming the lint', () => {
    const repeated = checkProposal({
      ...base,
      child: { system: `${parent.system}\nConfirm the date first.\nConfirm the date first.` },
    });
    expect(repeated.lints).toEqual({
      ok: false,
      message: 'system: duplicate_lines: line 3 repeats line 2',
    });
    expect([repeated.variables, repeated.length, repeated.copied].every((g) => g.ok)).toBe(true);
    expect(guardsPass(repeated)).toBe(false);
    const contradicts = checkProposal({
      ...base,
      parent: { system: 'Never refund the order twice.' },
      child: { system: 'Never refund the order twice.\nAlways refund the order now.' },
    });
    expect(contradicts.lints.ok).toBe(false);
    expect(contradicts.lints.message).toContain('system: always_never: line 2 says always');
  });

  it("runs the rules' forbid and require lints and tools_named when given them, only on what the child adds", () => {
    const lint = {
      tools: ['book_table'],
      practices: [
        {
          id: 'bp_1',
          title: 'No promises',
          lint: { kind: 'forbid' as const, words: ['guarantee'] },
        },
      ],
    };
    const child = { system: `${parent.system} We guarantee a table.` };
    expect(guardsPass(checkProposal({ ...base, child }))).toBe(true);
    const g = checkProposal({ ...base, child, lint });
    expect(g.lints).toEqual({
      ok: false,
      message: 'system: forbid: "guarantee" (No promises)',
    });
    // the parent never names book_table either: not a new finding
    expect(g.lints.message).not.toContain('tools_named');
    const named = checkProposal({
      ...base,
      parent: { system: `${parent.system} Use book_table to book.` },
      child: { system: `${parent.system} Book it.` },
      lint,
    });
    expect(named.lints.message).toContain(
      'tools_named: the prompt never names the tool book_table',
    );
  });

  it("records a dropped variable as the placeholders lint too, but not the parent's own findings", () => {
    const dropped = checkProposal({ ...base, child: { system: 'You help with bookings.' } });
    expect(dropped.lints).toEqual({
      ok: false,
      message: 'system: placeholders: the edit drops {{customer_name}}',
    });
    const seed = { system: 'Be polite to {{customer_name}}.\nBe polite to {{customer_name}}.' };
    const kept = checkProposal({
      ...base,
      parent: seed,
      pool: [seed],
      child: { system: `Book tables.\n${seed.system}` },
    });
    expect(kept.lints).toEqual({ ok: true });
    expect(guardsPass(kept)).toBe(true);
  });
});
