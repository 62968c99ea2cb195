import { describe, expect, it } from 'vitest';
import type { EvalView } from './eval-view';
import { packEvalView, slotIndex, unpackEvalView } from './pack-eval-view';

const longText = (s: string) => `${s} ${'with enough words to be worth a reference '.repeat(2)}`;
const result = { reservation: 'ZFA04Y', flights: [{ number: 'HAT170', date: '2024-05-16' }] };

function view(): EvalView {
  const args = { reservation_id: 'ZFA04Y', user_id: 'mia_li_3668' };
  return {
    version: 1,
    trace_id: 't1',
    messages: [
      { role: 'system', content: longText('You are an airline agent') },
      { role: 'user', content: longText('Please cancel my booking') },
      {
        role: 'assistant',
        content: '',
        tool_calls: [{ id: 'c1', name: 'get_reservation_details', arguments: args }],
      },
      { role: 'tool', content: JSON.stringify(result), tool_call_id: 'c1' },
      { role: 'assistant', content: longText('Your booking is cancelled') },
    ],
    steps: [
      {
        index: 0,
        name: 'assistant',
        input: [
          { role: 'system', content: longText('You are an airline agent') },
          { role: 'user', content: longText('Please cancel my booking') },
        ],
        output: null,
        tool_calls: [
          { id: 'c1', name: 'get_reservation_details', arguments: args, result, error: null },
        ],
        error: null,
      },
      {
        index: 1,
        name: 'assistant',
        input: [{ role: 'tool', content: JSON.stringify(result), tool_call_id: 'c1' }],
        output: longText('Your booking is cancelled'),
        tool_calls: [],
        error: null,
      },
    ],
    input: longText('Please cancel my booking'),
    output: longText('Your booking is cancelled'),
    metadata: { task_id: 3 },
  };
}

describe('packEvalView', () => {
  it('stores each repeated text once and unpacks to the same view', () => {
    const packed = packEvalView(view());
    const text = JSON.stringify(packed);
    expect(text.split('Your booking is cancelled').length - 1).toBe(1);
    expect(text.split('HAT170').length - 1).toBe(1);
    expect(packed.steps[0]?.input).toEqual(['m', 0, 2]);
    expect(packed.steps[0]?.tool_calls[0]?.result).toEqual(['r', 3]);
    expect(packed.steps[0]?.tool_calls[0]?.arguments).toEqual(['a', 2, 0]);
    expect(unpackEvalView(JSON.parse(text))).toEqual(view());
  });

  it('keeps a user value shaped like a reference as a value', () => {
    const v = view();
    v.input = ['m', 0, 2];
    v.metadata = { packed: 1 };
    const restored = unpackEvalView(JSON.parse(JSON.stringify(packEvalView(v))));
    expect(restored.input).toEqual(['m', 0, 2]);
    expect(restored).toEqual(v);
  });

  it('reads a view stored whole (before packing) as it is', () => {
    expect(unpackEvalView(view())).toEqual(view());
  });

  it('keeps short values inline and a value no message holds as it is', () => {
    const v = view();
    v.output = { score: 0.5, note: 'no message says this, long enough to matter' };
    const packed = packEvalView(v);
    expect(packed.output).toEqual(['v', v.output]);
    expect(packed.steps[0]?.output).toEqual(['v', null]);
  });

  it('refers to messages equal by value, never to ones whose JSON differs', () => {
    const messages = view().messages;
    const index = slotIndex(messages);
    // copies (not the same objects), as a later model span repeats the history it was sent
    expect(index.toSlot(structuredClone(messages.slice(1, 3)))).toEqual(['m', 1, 3]);
    const changed = structuredClone(messages.slice(1, 3));
    (changed[1]?.tool_calls?.[0]?.arguments as Record<string, unknown>).user_id = 'other';
    expect(index.toSlot(changed)).toEqual(['v', changed]);
    const reordered = [{ content: messages[1]?.content, role: 'user' }];
    expect(index.toSlot(reordered)).toEqual(['v', reordered]);
    // only JSON can tell: a skipped undefined key, a non-finite number (null in JSON)
    const skipped = [{ ...messages[0], name: undefined }];
    expect(index.toSlot(skipped)).toEqual(['m', 0, 1]);
    const withNull = [{ role: 'user' as const, content: 'x'.repeat(30), score: null }];
    const withNaN = [{ role: 'user', content: 'x'.repeat(30), score: Number.NaN }];
    expect(slotIndex(withNull).toSlot(withNaN)).toEqual(['m', 0, 1]);
  });
});
