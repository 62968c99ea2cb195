import type { EvalView } from '@/core/eval-view';
import { digits, int, lowerWord, lowerWords, pick, seededRuns } from './draw';
import { makeView, type Turn } from './make-view';

/**
 * Generated release-desk runs for learning tests of value families and failure forms: the agent
 * may create a branch, open a ticket, link an account and run database queries. Branch names follow
 * a team convention (`feat-` and one to three words of any length) or a look-alike (`feature-`,
 * `fix-`, `feat_`); tickets come in two shapes (`INC` and seven digits, `CHG-` and six) or
 * look-alikes (a digit more or fewer, another prefix); accounts are a site code of any length, `_`
 * and exactly eight digits, or seven or nine. Queries fail in words the built-in failure detector
 * does not know (a database's error strings, 'canceled', 'deadline exceeded').
 */
export type ReleaseDeskRun = {
  view: EvalView;
  /** Every branch created was named `feat-...`. */
  branchesFollowConvention: boolean;
  /** Every ticket opened was `INC` and seven digits or `CHG-` and six. */
  ticketsWellFormed: boolean;
  /** Every account linked had exactly eight digits after its site code. */
  accountsWellFormed: boolean;
  /** No query failed. */
  queriesSucceeded: boolean;
  /** Every failed query was reported to the user (before the next call: none follows at once). */
  failuresReported: boolean;
};

const words = (r: () => number) => lowerWords(r, 3, 3, 9, '-');

function branch(r: () => number): [string, boolean] {
  return r() < 0.6
    ? [`feat-${words(r)}`, true]
    : [`${pick(r, ['feature-', 'fix-', 'feat_', 'chore-', 'hotfix-'])}${words(r)}`, false];
}

function ticket(r: () => number): [string, boolean] {
  const roll = r();
  if (roll < 0.3) {
    return [`INC${digits(r, 7)}`, true];
  }
  if (roll < 0.6) {
    return [`CHG-${digits(r, 6)}`, true];
  }
  if (roll < 0.8) {
    return [
      r() < 0.5 ? `INC${digits(r, pick(r, [6, 8]))}` : `CHG-${digits(r, pick(r, [5, 7]))}`,
      false,
    ];
  }
  return [`${pick(r, ['REQ-', 'PRB', 'TSK-', 'INX'])}${digits(r, pick(r, [6, 7]))}`, false];
}

function account(r: () => number): [string, boolean] {
  const ok = r() < 0.6;
  return [`${lowerWord(r, 2, 6)}_${digits(r, ok ? 8 : pick(r, [7, 9]))}`, ok];
}

const FAILURES = [
  'SQLSTATE 40001: could not serialize access due to concurrent update',
  'query canceled: statement ran too long',
  'database is locked',
  'deadlock detected while waiting for the rows',
  'the operation was canceled by the client',
  'context deadline exceeded',
];
/** A status check: after a failure passed over at once, and after any query half the time. */
const STATUS: Turn = { call: 'check_status', args: {}, result: '{"healthy": true}' };
const SUCCESSES = ['{"rows": %}', '% rows returned', 'query ok, % rows affected', '{"updated": %}'];
const ASKS = [
  'Can you get the release ready for me?',
  'Please set up the change and check the data.',
  'I need the fix shipped today, can you help?',
  'Sort out the release paperwork and the numbers please.',
];
const SAYS = ['On it.', 'Let me set that up.', 'Sure, one moment.', 'Starting now.'];
const REPORTS = ['That query did not go through, sorry.', 'The database refused that one.'];
const CLOSES = ['All set.', 'Anything else?', 'That should be it.', 'Done for today.'];

/** Up to two queries; each may fail, and a failure is reported or passed over. */
function queries(r: () => number, turns: Turn[]) {
  let succeeded = true;
  let reported = true;
  for (let q = int(r, 0, 2); q > 0; q--) {
    const sql = pick(r, [
      'SELECT * FROM releases',
      'UPDATE flags SET on = 1',
      'SELECT count(*) FROM jobs',
    ]);
    if (r() < 0.45) {
      succeeded = false;
      turns.push({ call: 'run_query', args: { sql }, result: pick(r, FAILURES) });
      if (r() < 0.5) {
        turns.push({ assistant: pick(r, REPORTS) });
      } else {
        reported = false;
        turns.push(STATUS);
        continue;
      }
    } else {
      const rows = String(int(r, 0, 40));
      turns.push({
        call: 'run_query',
        args: { sql },
        result: pick(r, SUCCESSES).replace('%', rows),
      });
    }
    if (r() < 0.5) {
      turns.push(STATUS);
    }
  }
  return { succeeded, reported };
}

function run(r: () => number, i: number): ReleaseDeskRun {
  const turns: Turn[] = [{ user: pick(r, ASKS) }, { assistant: pick(r, SAYS) }];
  let branchesFollowConvention = true;
  if (r() < 0.7) {
    const [name, ok] = branch(r);
    branchesFollowConvention = ok;
    turns.push({ call: 'create_branch', args: { name }, result: '{"created": true}' });
  }
  let ticketsWellFormed = true;
  if (r() < 0.7) {
    const [id, ok] = ticket(r);
    ticketsWellFormed = ok;
    turns.push({ call: 'open_ticket', args: { ticket: id }, result: '{"opened": true}' });
  }
  let accountsWellFormed = true;
  if (r() < 0.7) {
    const [id, ok] = account(r);
    accountsWellFormed = ok;
    turns.push({ call: 'link_account', args: { account: id }, result: '{"linked": true}' });
  }
  const { succeeded, reported } = queries(r, turns);
  turns.push({ assistant: pick(r, CLOSES) });
  return {
    view: makeView(turns, { task_id: `release-${i}` }),
    branchesFollowConvention,
    ticketsWellFormed,
    accountsWellFormed,
    queriesSucceeded: succeeded,
    failuresReported: reported,
  };
}

/** `n` runs from `seed`, each its own task. */
export const releaseDeskRuns = seededRuns(run);
