import { describe, expect, it } from 'vitest';
import { summaryMeta } from './trace-summary';

describe('summaryMeta', () => {
  it('says turns, the ending, errors, hand-offs, then the most used tools first', () => {
    expect(
      summaryMeta({
        text: '',
        goal: 'x',
        userTurns: 3,
        tools: { think: 1, get_reservation: 2, cancel: 1, search: 1, book: 1 },
        errorCount: 1,
        handoffs: 1,
        ending: 'answer',
      }),
    ).toBe(
      '3 user turns · ended with an answer · 1 error · handed off · get_reservation×2, book, cancel, search +1',
    );
    expect(
      summaryMeta({
        text: '',
        goal: null,
        userTurns: 1,
        tools: {},
        errorCount: 0,
        handoffs: 0,
        ending: 'none',
      }),
    ).toBe('1 user turn · ended with nothing · no tools');
  });
});
