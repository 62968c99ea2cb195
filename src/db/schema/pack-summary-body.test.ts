import { describe, expect, it } from 'vitest';
import { packSummaryBody, unpackSummaryBody } from './pack-summary-body';
import type { TraceSummaryBody } from './traces';

const body: TraceSummaryBody = {
  goal: 'Where is my order?',
  firstUserMessage: 'Where is my order?',
  userText: 'Where is my order?\nThanks!',
  turns: 4,
  userTurns: 2,
  assistantTurns: 2,
  toolCalls: 1,
  tools: { get_order: 1 },
  errors: [],
  errorCount: 0,
  handoffs: 0,
  finalMessageKind: 'answer',
  finalAnswer: 'It ships tomorrow.',
};

describe('packSummaryBody', () => {
  it('stores a body as its values, the first message and user text once, and reads it back', () => {
    const packed = packSummaryBody(body);
    expect(packed).toEqual(expect.any(Array));
    expect(JSON.stringify(packed).split('Where is my order?')).toHaveLength(2);
    expect(JSON.stringify(packed)).not.toContain('firstUserMessage');
    expect(unpackSummaryBody(JSON.parse(JSON.stringify(packed)))).toEqual(body);
  });

  it('keeps a first message that differs from the goal, and user text that does not start with it', () => {
    const other = { ...body, firstUserMessage: 'Where is my order? It is late.', userText: 'hi' };
    expect(unpackSummaryBody(JSON.parse(JSON.stringify(packSummaryBody(other))))).toEqual(other);
  });

  it('stores bodies of another shape as they are (written before userText existed, or by a model)', () => {
    const { userText: _absent, ...older } = body;
    expect(packSummaryBody(older as TraceSummaryBody)).toBe(older);
    expect(unpackSummaryBody(older)).toBe(older);
  });
});
