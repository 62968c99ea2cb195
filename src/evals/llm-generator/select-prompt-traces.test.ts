import { describe, expect, it } from 'vitest';
import { condenseTrace } from './condense-trace';
import { estimateTokens, selectPromptTraces } from './select-prompt-traces';
import { makeLabelledSet, makeSupportTrace } from './testing-fixtures';

describe('condenseTrace', () => {
  it('shows a small trace in full at the first level', () => {
    const condensed = condenseTrace(makeSupportTrace('a'), 0, []);
    expect(condensed.notes).toEqual([]);
    expect(JSON.parse(condensed.json).messages).toHaveLength(5);
  });

  it('cuts a long system prompt and says so', () => {
    const condensed = condenseTrace(makeSupportTrace('a', { systemLength: 5000 }), 1, []);
    expect(condensed.notes).toContain('system prompt cut to 300 chars');
    const system = JSON.parse(condensed.json).messages[0].content as string;
    expect(system.length).toBeLessThan(400);
    expect(system).toMatch(/…\[\+\d+ chars\]$/);
  });

  it('keeps tool calls, tool results and errors at the tersest level while dropping chatter', () => {
    const view = makeSupportTrace('a', { ignoredError: true, chatter: 10 });
    const condensed = condenseTrace(view, 3, []);
    const parsed = JSON.parse(condensed.json);
    expect(condensed.notes.some((note) => /messages omitted/.test(note))).toBe(true);
    expect(condensed.json).toContain('issue_refund');
    expect(condensed.json).toContain('payment gateway timeout');
    expect(parsed.steps[0].tool_calls[0].error).toBe('payment gateway timeout');
    expect(parsed.messages.some((m: { omitted_messages?: number }) => m.omitted_messages)).toBe(
      true,
    );
    expect(condensed.json.length).toBeLessThan(JSON.stringify(view).length / 3);
  });

  it('keeps a window around a term from the notes that lies past the cut', () => {
    const view = makeSupportTrace('a');
    view.output = `${'x'.repeat(2000)} the customer asked for a CHARGEBACK here ${'y'.repeat(2000)}`;
    const condensed = condenseTrace(view, 2, ['chargeback']);
    expect(JSON.parse(condensed.json).output).toMatch(/CHARGEBACK/);
  });
});

describe('selectPromptTraces', () => {
  it('fits the token budget by condensing before dropping, keeping both labels', () => {
    const traces = makeLabelledSet(12, { chatter: 8, systemLength: 3000 });
    const roomy = selectPromptTraces(traces, { tokenBudget: 1_000_000, maxTraces: 24 });
    expect(roomy.examples).toHaveLength(12);
    expect(roomy.examples.every((e) => e.condensed.level === 0)).toBe(true);

    const tight = selectPromptTraces(traces, { tokenBudget: roomy.tokens / 4, maxTraces: 24 });
    expect(tight.tokens).toBeLessThanOrEqual(roomy.tokens / 4);
    expect(tight.examples.length).toBeGreaterThanOrEqual(2);
    expect(new Set(tight.examples.map((e) => e.label))).toEqual(new Set(['positive', 'negative']));
    expect(tight.examples.length + tight.excludedTraceIds.length).toBe(12);
    expect(tight.tokens).toBe(tight.examples.reduce((sum, e) => sum + estimateTokens(e.text), 0));
  });

  it('caps the number of traces, alternating labels with annotated ones first', () => {
    const traces = makeLabelledSet(10);
    const selection = selectPromptTraces(traces, { tokenBudget: 1_000_000, maxTraces: 4 });
    expect(selection.examples.map((e) => e.label)).toEqual([
      'negative',
      'positive',
      'negative',
      'positive',
    ]);
    expect(selection.excludedTraceIds).toHaveLength(6);
    expect(selection.examples[0]?.text).toMatch(/labelled NEGATIVE \(the eval must return False\)/);
    expect(selection.examples[0]?.text).toMatch(/Labeller's note: refund tool failed/);
  });
});
