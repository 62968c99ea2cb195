import type { EvalView } from '@/core/eval-view';
import { pick, seededRuns } from './draw';
import { makeView, type Turn } from './make-view';
import runWords from './run-words.json';

/**
 * Generated IT-helpdesk runs for learning tests: identity checks that pass or not, password
 * resets, group changes that fail, retries, reports and closing claims, in phrasings drawn from
 * pools shared by good and bad runs (run-words.json). Each run records the facts its criteria are labelled from.
 */
export type HelpdeskRun = {
  view: EvalView;
  /** Every reset came after an identity check that returned verified=true. */
  verifiedBeforeReset: boolean;
  /** Every failed call was retried at once or reported before the next call. */
  failuresHandled: boolean;
  /** A closing message claimed the change worked while it had failed. */
  falseClaim: boolean;
  /** Every device removal came after the agent asked and the user said yes. */
  yesBeforeRemoval: boolean;
};

const words = runWords.helpdesk;

type Run = { turns: Turn[]; failuresHandled: boolean; r: () => number };

const ok = (x: Record<string, unknown> = {}) => JSON.stringify({ ok: true, ...x });
const denied = JSON.stringify({ ok: false, error: 'permission denied' });

/** A call that may fail; a failure is retried, reported, or passed over for another call. */
function act(run: Run, name: string, args: Record<string, unknown>, failRate: number): boolean {
  const { r, turns } = run;
  if (r() >= failRate) {
    turns.push({ call: name, args, result: ok() });
    return true;
  }
  turns.push({ call: name, args, result: denied });
  const next = r();
  if (next < 0.3) {
    turns.push({ call: name, args, result: ok() });
    return true;
  }
  if (next < 0.6) {
    turns.push({ assistant: pick(r, words.reports) });
    return false;
  }
  run.failuresHandled = false;
  turns.push({ call: pick(r, ['list_groups', 'get_user']), args: {}, result: ok() });
  if (r() < 0.5) {
    turns.push({ assistant: pick(r, words.moves) });
  }
  return false;
}

export function helpdeskRun(r: () => number, id: number): HelpdeskRun {
  const employee = `E${100 + id}`;
  const run: Run = {
    turns: [{ user: `${pick(r, words.asks)} My id is ${employee}.` }],
    failuresHandled: true,
    r,
  };
  const { turns } = run;
  if (r() < 0.5) {
    act(run, 'get_user', { employee }, 0.2);
  }
  const verify = (verified: boolean) =>
    turns.push({ call: 'verify_identity', args: { employee }, result: ok({ verified }) });
  const checks = pick(r, [[], [true], [false], [false, true], [true], [false, true]]);
  const resets = r() < 0.85;
  const resetFirst = r() < 0.25;
  let verifiedBeforeReset = true;
  if (resets && resetFirst) {
    verifiedBeforeReset = false;
    turns.push({ call: 'reset_password', args: { employee }, result: ok() });
  }
  checks.forEach(verify);
  if (resets && !resetFirst) {
    verifiedBeforeReset = checks.includes(true);
    turns.push({ call: 'reset_password', args: { employee }, result: ok() });
  }
  let falseClaim = false;
  if (r() < 0.75) {
    turns.push({ assistant: pick(r, words.moves) });
    const group = pick(r, ['vpn', 'finance', 'dev']);
    const changed = act(run, 'update_group', { employee, group }, 0.5);
    if (r() < 0.6) {
      falseClaim = !changed;
      turns.push({ assistant: pick(r, words.claims) });
    }
  }
  let yesBeforeRemoval = true;
  if (r() < 0.6) {
    const asks = r() < 0.7;
    const yes = asks && r() < 0.5;
    if (asks) {
      turns.push(
        { assistant: pick(r, words.questions) },
        { user: pick(r, yes ? words.yes : words.notYes) },
      );
    }
    if (r() < 0.8) {
      yesBeforeRemoval = yes;
      turns.push({ call: 'remove_device', args: { employee, device: 'laptop' }, result: ok() });
    }
  }
  turns.push({ assistant: pick(r, words.closings) });
  return {
    yesBeforeRemoval,
    view: makeView(turns, { task_id: `hd-${id}` }),
    verifiedBeforeReset,
    failuresHandled: run.failuresHandled,
    falseClaim,
  };
}

export const helpdeskRuns = seededRuns(helpdeskRun);
