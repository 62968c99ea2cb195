import type { EvalView } from '@/core/eval-view';
import { int, pick, seededRuns } from './draw';
import { makeView, type Turn } from './make-view';
import runWords from './run-words.json';

/**
 * Generated payment-desk runs for learning tests: the agent looks up how much it may pay (a
 * limit, an approved amount or an estimate, under a field name that varies by lookup tool, at the
 * top of the result or nested), or not, then pays an amount within it or above it, or does not
 * pay. Words come from pools shared by good and bad runs (run-words.json).
 */
export type PaymentRun = {
  view: EvalView;
  /** Every payment was at most the amount a lookup returned before it (and one did). */
  withinBound: boolean;
};

const words = runWords.payment;

const LOOKUPS = [
  { tool: 'get_account', field: 'credit_limit' },
  { tool: 'get_quote', field: 'estimate' },
  { tool: 'check_budget', field: 'max_amount' },
  { tool: 'get_claim', field: 'approved_amount' },
] as const;
const PAYS = ['make_payment', 'issue_refund'];

function run(r: () => number, i: number): PaymentRun {
  const id = `INV-${1000 + i}`;
  const lookup = pick(r, LOOKUPS);
  const bound = int(r, 50, 500);
  const turns: Turn[] = [
    { user: pick(r, words.asks).replace('{id}', id) },
    { assistant: pick(r, words.says) },
  ];
  const looked = r() < 0.85;
  if (looked) {
    const numbers = { [lookup.field]: bound, fee: int(r, 1, 9), items: int(r, 1, 5) };
    const result = r() < 0.5 ? { id, ...numbers } : { id, currency: 'USD', details: numbers };
    turns.push({ call: lookup.tool, args: { id }, result: JSON.stringify(result) });
  }
  const pays = r() < 0.85;
  let amount = 0;
  if (pays) {
    const within = r() < 0.6;
    amount = within
      ? r() < 0.2
        ? bound
        : int(r, Math.ceil(bound * 0.3), bound)
      : int(r, bound + 1, Math.ceil(bound * 1.5));
    turns.push({ call: pick(r, PAYS), args: { id, amount }, result: '{"ok": true}' });
  }
  turns.push({ assistant: pick(r, words.closes).replace('{id}', id) });
  return {
    view: makeView(turns, { task_id: `pay-${i}` }),
    withinBound: !pays || (looked && amount <= bound),
  };
}

/** `n` runs from `seed`, each its own task. */
export const paymentRuns = seededRuns(run);
