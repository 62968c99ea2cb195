import { describe, expect, it } from 'vitest';
import { makeView } from '../testing/make-view';
import { extractFacts } from '../trace-facts';
import { everyShaped, mineEveryShapedPredicates } from './every-shaped-predicates';

const noted = (...tickets: string[]) =>
  extractFacts(
    makeView(tickets.map((ticket) => ({ call: 'append_note', args: { ticket, text: 'a note' } }))),
  );

describe('everyShaped', () => {
  it('keeps punctuation literal: a space where the positives had a dash breaks the shape', () => {
    const shape = '"RQ-"9{6}';
    expect(everyShaped(noted('RQ-123456', 'RQ-654321'), 'append_note', 'ticket', shape)).toBe(true);
    expect(everyShaped(noted('RQ-123456', 'RQ 654321'), 'append_note', 'ticket', shape)).toBe(
      false,
    );
    expect(everyShaped(noted('RQ 654321'), '', 'ticket', 'A{2}-{1}9{6}')).toBe(false);
    expect(everyShaped(noted('RQ_654321'), '', 'ticket', 'A{2}-{1}9{6}')).toBe(false);
  });

  it('asks how a value starts: a key of any project first, in brackets or before a colon', () => {
    const committed = (...message: string[]) =>
      extractFacts(makeView(message.map((m) => ({ call: 'git_commit', args: { message: m } }))));
    const key = 'A+-{1}9+';
    expect(everyShaped(committed('[API-7] fix', 'SRCH-1234: add retry'), '', 'message^', key)).toBe(
      true,
    );
    // the key at the end, in lowercase, or none: each breaks it
    for (const m of ['fix rounding (PAY-1234)', 'pay-1234 fix', 'fix rounding']) {
      expect(everyShaped(committed('PAY-1 ok', m), 'git_commit', 'message^', key), m).toBe(false);
    }
  });

  it('holds when no call had a short value there (a long text is not a value of a shape)', () => {
    const long = 'a note that runs to many words and well past twenty-four characters';
    expect(everyShaped(noted(long), 'append_note', 'ticket', '"RQ-"9{6}')).toBe(true);
  });
});

/**
 * Labelled issues, one task each: passing ones titled from `good` in turn (each title in several
 * tasks), failing ones from `bad`; the pairs of shapes "every title was S or T" mined from them.
 */
function titlePairs(good: string[], bad: string[]) {
  const issue = (title: string, label: boolean, i: number) => ({
    facts: extractFacts(
      makeView([
        { user: 'File it please.' },
        { call: 'create_issue', args: { title }, result: '{"created": true}' },
      ]),
    ),
    label,
    group: `task-${i}`,
  });
  const examples = [
    ...Array.from({ length: 12 }, (_, i) => issue(good[i % good.length] as string, true, i)),
    ...bad.map((title, i) => issue(title, false, 100 + i)),
  ];
  return mineEveryShapedPredicates(examples).filter((p) => p.whenTrue.includes(' or '));
}

describe('every value shaped S or T', () => {
  const bad = ['Crash on save', 'Add a dark mode', 'Refactor api', 'PRB99', 'X-12345', 'hello'];

  it('is not fitted to two titles of free text repeated across the labels', () => {
    expect(titlePairs(['Fix login bug', 'Update the docs'], bad)).toEqual([]);
  });

  it('is not fitted to two one-word values repeated across the labels', () => {
    expect(titlePairs(['INC1234567', 'CHG-123456'], bad)).toEqual([]);
  });

  it('is mined for two shapes each seen on several values', () => {
    const good = [
      'INC1234567',
      'CHG-123456',
      'INC7654321',
      'CHG-654321',
      'INC1112223',
      'CHG-999888',
    ];
    const pairs = titlePairs(good, bad).map((p) => p.whenTrue);
    expect(pairs).toContain(
      "every call's title was 'CHG-' then 6 digits, or was 'INC' then 7 digits",
    );
  });
});
