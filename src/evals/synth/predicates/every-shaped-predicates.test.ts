import { describe, expect, it } from 'vitest';
import { makeView } from '../testing/make-view';
import { extractFacts } from '../trace-facts';
import { everyShaped } from './every-shaped-predicates';

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

  it('holds when no call had a short value there (a long text is not a value of a shape)', () => {
    const long = 'a note that runs to many words and well past twenty-four characters';
    expect(everyShaped(noted(long), 'append_note', 'ticket', '"RQ-"9{6}')).toBe(true);
  });
});
