import { describe, expect, it } from 'vitest';
import type { EvalView } from '@/core/eval-view';
import { tauBenchToEvalView } from '../synth/testing/tau-bench-view';
import { labelShortfall, traceContentKey } from './load-generation-labels';

/** One support conversation as it would run on `day` (its dates move with it). */
function conversation(day: string, orderId = 'HO-41234'): EvalView {
  const view = tauBenchToEvalView({
    task_id: 1,
    traj: [
      { role: 'system', content: `Today is ${day}.` },
      { role: 'user', content: `Where is ${orderId}?` },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'call_1', function: { name: 'get_order', arguments: `{"order_id":"${orderId}"}` } },
        ],
      },
      {
        role: 'tool',
        tool_call_id: 'call_1',
        name: 'get_order',
        content: JSON.stringify({ placed_at: day, estimated_delivery: `${day}T17:30:00Z` }),
      },
      { role: 'assistant', content: `It arrives on ${day}.` },
    ],
  });
  return { ...view, metadata: { started_at: `${day}T08:00:00.000Z`, channel: 'web' } };
}

describe('traceContentKey', () => {
  it('orders by what a trace says, not the day it ran: dates are masked', () => {
    const monday = traceContentKey(conversation('2026-12-07'));
    const tuesday = traceContentKey(conversation('2026-12-08'));
    expect(monday[0]).toBe(tuesday[0]);
    // the unmasked text still tells them apart, for ties
    expect(monday[1]).not.toBe(tuesday[1]);
  });

  it('tells different conversations apart', () => {
    expect(traceContentKey(conversation('2026-12-07', 'HO-41234'))[0]).not.toBe(
      traceContentKey(conversation('2026-12-07', 'HO-59876'))[0],
    );
  });
});

describe('labelShortfall', () => {
  it('asks for nothing at 8 labels with 2 of each kind, and for what is missing below', () => {
    expect(labelShortfall(2, 6)).toBeNull();
    expect(labelShortfall(6, 2)).toBeNull();
    const asks = (good: number, bad: number) =>
      labelShortfall(good, bad)?.message.replace(/^.*: label /, '');
    expect(asks(0, 40)).toBe('2 more good');
    expect(asks(1, 39)).toBe('1 more good');
    expect(asks(39, 1)).toBe('1 more bad');
    expect(asks(2, 5)).toBe('1 more of either');
    expect(asks(0, 0)).toBe('2 more good and 2 more bad and 4 more of either');
    expect(labelShortfall(1, 39)).toMatchObject({
      code: 'PRECONDITION_FAILED',
      details: { positives: 1, negatives: 39, minLabels: 8, minPerClass: 2 },
    });
  });
});
