import { describe, expect, it } from 'vitest';
import { MAX_PROMPT_CHARS } from '@/agents/practices/lint-text';
import { lintPrompt } from './lint-prompt';

describe('lintPrompt', () => {
  it('finds a dropped placeholder, a duplicate line and an always/never pair on one subject', () => {
    const before = 'You help {{customer}} of {{shop}}.';
    const after = [
      'You help customers of {{shop}}.',
      'Always confirm the refund amount with the customer.',
      'Never confirm the refund amount before checking the order.',
      'Be brief and friendly.',
      'Be brief and friendly.',
    ].join('\n');
    expect(lintPrompt(after, { previous: before }).map((f) => f.lint)).toEqual([
      'placeholders',
      'duplicate_lines',
      'always_never',
    ]);
    expect(lintPrompt(after, { previous: before })[0]?.message).toContain('{{customer}}');
  });

  it('passes a clean prompt and flags one past the length limit', () => {
    expect(
      lintPrompt('You are the shop agent of {{shop}}.\nAsk when an order id is missing.', {
        previous: 'x {{shop}}',
      }),
    ).toEqual([]);
    expect(lintPrompt('a'.repeat(MAX_PROMPT_CHARS + 1)).map((f) => f.lint)).toEqual(['length']);
  });
});
