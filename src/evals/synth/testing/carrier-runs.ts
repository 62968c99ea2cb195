import type { EvalView } from '@/core/eval-view';
import { digits, int, pick, seededRuns } from './draw';
import { makeView, type Turn } from './make-view';
import runWords from './run-words.json';

/**
 * Generated mobile-carrier support runs for learning tests: the agent reads the account (a bill
 * total and a balance come back), may look up an order, activate a SIM, and issue a credit. Order
 * numbers, SIM numbers and credit amounts are drawn well formed or as look-alikes (another prefix,
 * one digit more or fewer; a credit above the desk's limit of 50 that is still below the bill).
 * Words come from pools shared by good and bad runs (run-words.json).
 */
export type CarrierRun = {
  view: EvalView;
  /** Every credit issued was at most 50. */
  creditWithinLimit: boolean;
  /** Every order looked up was `ORD-` and six digits. */
  orderIdsWellFormed: boolean;
  /** Every SIM activated was `SIM` and ten digits. */
  simIdsWellFormed: boolean;
};

const words = runWords.carrier;

/** A well-formed id most of the time, otherwise a look-alike of the same family. */
function orderId(r: () => number): [string, boolean] {
  const roll = r();
  if (roll < 0.6) {
    return [`ORD-${digits(r, 6)}`, true];
  }
  if (roll < 0.8) {
    return [`${pick(r, ['ORX', 'REF', 'ODR', 'INV'])}-${digits(r, 6)}`, false];
  }
  return [`ORD-${digits(r, pick(r, [5, 7]))}`, false];
}

function simId(r: () => number): [string, boolean] {
  const roll = r();
  if (roll < 0.6) {
    return [`SIM${digits(r, 10)}`, true];
  }
  if (roll < 0.8) {
    return [`${pick(r, ['SIN', 'ICC', 'MSN', 'ESM'])}${digits(r, 10)}`, false];
  }
  return [`SIM${digits(r, pick(r, [9, 11]))}`, false];
}

function run(r: () => number, i: number): CarrierRun {
  const acc = `ACC-${1000 + i}`;
  const bill = int(r, 60, 220);
  const turns: Turn[] = [
    { user: pick(r, words.asks).replace('{acc}', acc) },
    { assistant: pick(r, words.says) },
  ];
  const account = { account_id: acc, plan: pick(r, ['basic', 'plus', 'max']), bill_total: bill };
  turns.push({
    call: 'get_account',
    args: { account_id: acc },
    result: JSON.stringify({ ...account, balance: int(r, 0, 300), data_used_gb: int(r, 1, 40) }),
  });
  let orderIdsWellFormed = true;
  if (r() < 0.6) {
    const [id, ok] = orderId(r);
    orderIdsWellFormed = ok;
    turns.push({ call: 'lookup_order', args: { order_id: id }, result: '{"shipped": true}' });
  }
  let simIdsWellFormed = true;
  if (r() < 0.6) {
    const [sim, ok] = simId(r);
    simIdsWellFormed = ok;
    turns.push({
      call: 'activate_sim',
      args: { account_id: acc, sim },
      result: '{"active": true}',
    });
  }
  let creditWithinLimit = true;
  if (r() < 0.75) {
    const within = r() < 0.6;
    const amount = within ? (r() < 0.2 ? 50 : int(r, 5, 50)) : int(r, 51, 160);
    creditWithinLimit = within;
    turns.push({ call: 'issue_credit', args: { account_id: acc, amount }, result: '{"ok": true}' });
  }
  turns.push({ assistant: pick(r, words.closes) });
  return {
    view: makeView(turns, { task_id: `carrier-${i}` }),
    creditWithinLimit,
    orderIdsWellFormed,
    simIdsWellFormed,
  };
}

/** `n` runs from `seed`, each its own task. */
export const carrierRuns = seededRuns(run);
