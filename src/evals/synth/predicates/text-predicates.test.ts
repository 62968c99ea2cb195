import { describe, expect, it } from 'vitest';
import { makeView } from '../testing/make-view';
import { extractFacts } from '../trace-facts';
import { firstReply } from './text-predicates';

describe('firstReply', () => {
  it("is the assistant's first message when it spoke before any tool call", () => {
    const f = extractFacts(
      makeView([
        { user: 'Fix the parser.' },
        { assistant: 'Which file holds it?' },
        { user: 'src/parse.py' },
        { call: 'read_file', args: { path: 'src/parse.py' } },
      ]),
    );
    expect(firstReply(f)).toBe('Which file holds it?');
  });

  it('is empty when the first thing the assistant did was a tool call', () => {
    const f = extractFacts(
      makeView([
        { user: 'Fix the parser.' },
        { call: 'read_file', args: { path: 'src/parse.py' } },
        { assistant: 'Which function?' },
      ]),
    );
    expect(firstReply(f)).toBe('');
  });
});
