import { describe, expect, it } from 'vitest';
import { flatOpenInference, nestedOpenInference, otelMessages } from './otel-messages';

const P = 'llm.input_messages.';

/** A deterministic generator (LCG), so a failing case can be replayed from its seed. */
function random(seed: number) {
  let state = seed;
  return (n: number) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % n;
  };
}

const ROLES = ['system', 'user', 'assistant', 'tool', 'USER', 'human', 'ai', 'bot', ''];
const CONTENTS = ['hi', '', '{"a":1}', '[{"type":"text","text":"x"}]', 'You are an airline agent.'];

/** Flat OpenInference attributes: indexes with holes, past 9 and in any order; fields left out. */
function flatAttributes(next: (n: number) => number): Record<string, unknown> {
  const entries: [string, unknown][] = [['openinference.span.kind', 'LLM']];
  const count = next(13);
  for (let i = 0; i < count; i++) {
    const index = next(3) === 0 ? i + 7 : i;
    if (next(5) > 0) {
      entries.push([`${P}${index}.message.role`, ROLES[next(ROLES.length)]]);
    }
    if (next(5) > 0) {
      entries.push([`${P}${index}.message.content`, CONTENTS[next(CONTENTS.length)]]);
    }
  }
  for (let i = entries.length - 1; i > 1; i--) {
    const j = 1 + next(i);
    [entries[i], entries[j]] = [entries[j] as [string, unknown], entries[i] as [string, unknown]];
  }
  return Object.fromEntries(entries);
}

describe('flat OpenInference messages', () => {
  it('reads the same messages as the nested value, over 500 generated spans', () => {
    for (let seed = 1; seed <= 500; seed++) {
      const attrs = flatAttributes(random(seed));
      const flat = flatOpenInference(attrs, P);
      expect(flat, `seed ${seed}`).not.toBeUndefined();
      expect(flat, `seed ${seed}`).toEqual(nestedOpenInference(attrs, P));
    }
  });

  it.each<[string, Record<string, unknown>]>([
    ['a tool call', { [`${P}0.message.tool_calls.0.tool_call.function.name`]: 'f' }],
    ['content parts', { [`${P}0.message.contents.0.message_content.text`]: 'x' }],
    ['a content that is not a string', { [`${P}0.message.content`]: 3 }],
    ['an index with a leading zero', { [`${P}01.message.content`]: 'x' }],
    ['an index past 9999', { [`${P}10000.message.content`]: 'x' }],
    ['a message name', { [`${P}0.message.name`]: 'ann' }],
    ['a field that only starts with content', { [`${P}1.message.contents`]: 'x' }],
    ['a field that only starts with role', { [`${P}1.message.roles`]: 'x' }],
    ['a key with no index', { [`${P}.message.role`]: 'x' }],
    ['an index of five digits', { [`${P}12345.message.role`]: 'x' }],
  ])('leaves %s to the nested reading', (_name, extra) => {
    const attrs = { [`${P}0.message.role`]: 'user', ...extra };
    expect(flatOpenInference(attrs, P)).toBeUndefined();
    expect(otelMessages(attrs, []).input).toEqual(nestedOpenInference(attrs, P));
  });

  it('answers null when no attribute is under the prefix, as the nested reading does', () => {
    const attrs = { 'llm.output_messages.0.message.role': 'assistant' };
    expect(flatOpenInference(attrs, P)).toBeNull();
    expect(nestedOpenInference(attrs, P)).toBeNull();
  });
});
