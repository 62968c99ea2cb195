import { describe, it } from 'vitest';
import { pick, seededRuns } from './testing/draw';
import { expectLearnedFrom40 } from './testing/expect-learned';
import { makeView, type Turn } from './testing/make-view';

// "The user agreed before any write": the agent states what it will change (asking or not), the
// user answers in varied words, agreeing or not, and the first write comes before or after.
const PLANS = [
  'I can move the delivery to Friday. Shall I go ahead?',
  'I will change the address on order {id} to the new one.',
  'The refund would be $40. Want me to process it?',
  'Next I would update the order {id}; let me know.',
];
const AGREE = ['Sounds good.', 'Alright, go for it', 'yes please', 'Perfect, thanks!', 'ok'];
const HOLD = ['Hmm, what would that cost?', 'Wait, not yet.', 'No, leave it.', 'Which order?'];
const WRITES = ['update_order', 'issue_refund', 'change_address'];

function run(r: () => number, i: number) {
  const id = `W${1000 + i}`;
  const turns: Turn[] = [{ user: `Hi, it is about order ${id}.` }];
  if (r() < 0.7) {
    turns.push({ call: 'get_order', args: { id }, result: JSON.stringify({ id, status: 'open' }) });
  }
  turns.push({ assistant: pick(r, PLANS).replace('{id}', id) });
  const writes = r() < 0.85;
  const early = writes && r() < 0.3;
  const write: Turn = { call: pick(r, WRITES), args: { id }, result: JSON.stringify({ ok: true }) };
  if (early) {
    turns.push(write);
  }
  const reply = r();
  const agreed = reply < 0.6;
  if (reply < 0.9) {
    turns.push({ user: pick(r, agreed ? AGREE : HOLD) });
  }
  if (writes && !early) {
    turns.push(write);
  }
  if (writes && r() < 0.4) {
    turns.push({ call: pick(r, WRITES), args: { id }, result: JSON.stringify({ ok: true }) });
  }
  turns.push({ assistant: pick(r, ['Done.', 'Anything else?', 'All set.']) });
  const label = !writes || (!early && agreed);
  return { view: makeView(turns, { task_id: `c-${i}` }), label };
}

const runs = seededRuns(run);

describe('learning "the user agreed before any write" from 40 labels', () => {
  it('beats the majority on every seed and reaches 90% held out on average', () => {
    expectLearnedFrom40(runs, (run) => run.label);
  });
});
