import { describe, expect, it } from 'vitest';
import { EvalView } from '@/core/eval-view';
import { deriveEvalView, previewOf } from './derive-eval-view';
import { emptySpan, emptyTrace, type NormalisedSpan } from './normalised-trace';

const SYSTEM = { role: 'system' as const, content: 'You are a support agent.' };
const USER = { role: 'user' as const, content: 'Where is my order 42?' };
const CALL = {
  role: 'assistant' as const,
  content: '',
  tool_calls: [{ id: 't1', name: 'lookup', arguments: { order: 42 } }],
};
const RESULT = { role: 'tool' as const, content: '{"status":"shipped"}', tool_call_id: 't1' };
const ANSWER = { role: 'assistant' as const, content: 'Your order has shipped.' };

function span(
  id: string,
  kind: NormalisedSpan['kind'],
  start: number,
  patch: Partial<NormalisedSpan> = {},
): NormalisedSpan {
  return {
    ...emptySpan(id, id, start),
    kind,
    parentSpanId: id === 'root' ? null : 'root',
    endTime: start + 1,
    ...patch,
  };
}

function trace(spans: NormalisedSpan[]) {
  return { ...emptyTrace('otlp', 'ext-1'), spans };
}

describe('deriveEvalView', () => {
  it('derives the same messages and steps from full-history spans and from delta spans', () => {
    const full = trace([
      span('root', 'AGENT', 0),
      span('l1', 'LLM', 1, {
        inputMessages: [SYSTEM, USER],
        outputMessages: [CALL],
        inputTokens: 10,
        outputTokens: 2,
      }),
      span('l2', 'LLM', 3, {
        inputMessages: [SYSTEM, USER, CALL, RESULT],
        outputMessages: [ANSWER],
        inputTokens: 20,
        outputTokens: 5,
      }),
    ]);
    const delta = trace([
      span('root', 'AGENT', 0),
      span('l1', 'LLM', 1, { inputMessages: [SYSTEM, USER], outputMessages: [CALL] }),
      span('l2', 'LLM', 3, { inputMessages: [RESULT], outputMessages: [ANSWER] }),
    ]);
    const a = deriveEvalView(full);
    const b = deriveEvalView(delta);
    expect(a.view.messages).toEqual([SYSTEM, USER, CALL, RESULT, ANSWER]);
    expect(b.view.messages).toEqual(a.view.messages);
    expect(b.view.steps).toEqual(a.view.steps);
    expect(a.view.steps).toEqual([
      {
        index: 0,
        name: 'l1',
        input: [SYSTEM, USER],
        output: null,
        tool_calls: [
          {
            id: 't1',
            name: 'lookup',
            arguments: { order: 42 },
            result: { status: 'shipped' },
            error: null,
          },
        ],
        error: null,
      },
      {
        index: 1,
        name: 'l2',
        input: [RESULT],
        output: 'Your order has shipped.',
        tool_calls: [],
        error: null,
      },
    ]);
    expect(a.view.input).toBe('Where is my order 42?');
    expect(a.view.output).toBe('Your order has shipped.');
    expect(a.columns).toMatchObject({
      inputTokens: 30,
      outputTokens: 7,
      totalTokens: 37,
      stepCount: 2,
      toolCallCount: 1,
      hasErrors: false,
      systemPrompt: 'You are a support agent.',
      durationMs: 4,
    });
    expect(EvalView.parse(a.view)).toEqual(a.view);
  });

  it('prefers a TOOL span result over the tool message, and reports its error', () => {
    const t = trace([
      span('root', 'AGENT', 0),
      span('l1', 'LLM', 1, { inputMessages: [USER], outputMessages: [CALL] }),
      span('tool', 'TOOL', 2, {
        status: 'ERROR',
        statusMessage: 'timeout',
        toolCall: { id: 't1', name: 'lookup', arguments: { order: 42 }, result: null },
      }),
    ]);
    const { view, columns } = deriveEvalView(t);
    expect(view.steps[0]!.tool_calls[0]).toMatchObject({
      name: 'lookup',
      result: null,
      error: 'timeout',
    });
    expect(columns).toMatchObject({ errorCount: 1, hasErrors: true, toolCallCount: 1 });
  });

  it('uses the spans themselves as steps when no LLM span exists', () => {
    const t = trace([
      span('root', 'CHAIN', 0, { input: 'q', output: 'a' }),
      span('retrieve', 'RETRIEVER', 1, { input: 'q', output: ['doc'] }),
      span('search', 'TOOL', 2, { input: { q: 1 }, output: 'found' }),
      span('note', 'EVENT', 3),
    ]);
    const { view } = deriveEvalView(t);
    expect(view.steps.map((s) => [s.name, s.tool_calls.length])).toEqual([
      ['retrieve', 0],
      ['search', 1],
    ]);
    expect(view.steps[1]!.tool_calls[0]).toMatchObject({
      name: 'search',
      arguments: { q: 1 },
      result: 'found',
    });
    expect(view.input).toBe('q');
    expect(view.messages).toEqual([]);
  });

  it('lets trace-level input/output win and keeps metadata as given', () => {
    const t = {
      ...trace([span('root', 'AGENT', 0, { input: 'span in' })]),
      input: { q: 'trace in' },
      metadata: { reward: 1 },
    };
    const { view, columns } = deriveEvalView(t, { traceId: 'tr_1' });
    expect(view.trace_id).toBe('tr_1');
    expect(view.input).toEqual({ q: 'trace in' });
    expect(view.metadata).toEqual({ reward: 1 });
    expect(columns.inputPreview).toBe('{"q":"trace in"}');
  });

  it('leaves simulator model calls out of the view and the totals, counting them as spans', () => {
    const agentOnly = [
      span('root', 'AGENT', 0),
      span('l1', 'LLM', 2, { inputMessages: [SYSTEM, USER], outputMessages: [ANSWER] }),
    ];
    const simulated = [
      ...agentOnly,
      span('sim', 'LLM', 1, {
        model: 'sim-model',
        inputTokens: 50,
        inputMessages: [{ role: 'user', content: 'Hi! How can I help?' }],
        outputMessages: [{ role: 'assistant', content: USER.content }],
        attributes: { 'iofold.actor': 'user_simulator' },
      }),
    ];
    const plain = deriveEvalView(trace(agentOnly));
    const withSimulator = deriveEvalView(trace(simulated));
    expect(withSimulator.view).toEqual(plain.view);
    expect(withSimulator.columns).toEqual({ ...plain.columns, spanCount: 3 });
    // the same span without the marker is a model step of the agent
    const unmarked = simulated.map((s) => (s.spanId === 'sim' ? { ...s, attributes: {} } : s));
    expect(deriveEvalView(trace(unmarked)).view.steps).toHaveLength(2);
  });

  it('handles an empty trace', () => {
    const { view, columns } = deriveEvalView(trace([]));
    expect(view).toMatchObject({ steps: [], messages: [], input: null, output: null });
    expect(columns).toMatchObject({
      spanCount: 0,
      durationMs: null,
      totalTokens: null,
      systemPrompt: null,
    });
  });

  it('previews at most 300 characters with collapsed whitespace', () => {
    expect(previewOf('a\n\n  b')).toBe('a b');
    const long = previewOf('x'.repeat(1000));
    expect(long).toHaveLength(300);
    expect(long.endsWith('…')).toBe(true);
    expect(previewOf(null)).toBe('');
  });
});
