import { describe, expect, it } from 'vitest';
import { contentText, toEvalMessages } from './to-eval-messages';

describe('toEvalMessages', () => {
  it('reads OpenAI messages with tool calls and JSON-string arguments', () => {
    expect(
      toEvalMessages([
        { role: 'developer', content: 'be brief' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'a', type: 'function', function: { name: 'f', arguments: '{"x":1}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'a', content: 'ok' },
      ]),
    ).toEqual([
      { role: 'system', content: 'be brief' },
      { role: 'assistant', content: '', tool_calls: [{ id: 'a', name: 'f', arguments: { x: 1 } }] },
      { role: 'tool', content: 'ok', tool_call_id: 'a' },
    ]);
  });

  it('reads Anthropic content blocks (text, tool_use, tool_result)', () => {
    expect(
      toEvalMessages([
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'let me look' },
            { type: 'tool_use', id: 'tu', name: 'search', input: { q: 'x' } },
          ],
        },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'tu', content: 'found' }] },
      ]),
    ).toEqual([
      {
        role: 'assistant',
        content: 'let me look',
        tool_calls: [{ id: 'tu', name: 'search', arguments: { q: 'x' } }],
      },
      { role: 'tool', content: 'found', tool_call_id: 'tu' },
    ]);
  });

  it('reads LangChain-style types, {messages} wrappers and JSON strings', () => {
    expect(
      toEvalMessages(
        '{"messages":[{"type":"human","content":"hi"},{"type":"ai","content":"hello"}]}',
      ),
    ).toEqual([
      { role: 'user', content: 'hi' },
      { role: 'assistant', content: 'hello' },
    ]);
  });

  it('returns null for values that are not messages', () => {
    expect(toEvalMessages('just text')).toBeNull();
    expect(toEvalMessages({ question: 'x' })).toBeNull();
    expect(toEvalMessages([{ role: 'user', content: 'a' }, { foo: 1 }])).toBeNull();
    expect(toEvalMessages([])).toBeNull();
  });

  it('joins text parts and stringifies other content', () => {
    expect(contentText([{ type: 'text', text: 'a' }, 'b', { type: 'image_url' }])).toBe('a\nb');
    expect(contentText({ k: 1 })).toBe('{"k":1}');
  });
});
