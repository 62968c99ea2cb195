// Real-outcome criteria over tau-bench airline runs: labels from the recorded reward and the task's
// hidden gold actions, which the learner never sees (it sees the conversation only).
// Written by helper `criteria` WITHOUT reading the synthesiser. FROZEN: a change to the
// synthesiser never comes in the same commit as a change to these criteria.
import type { Criterion } from '../criterion';
import type { TauRun } from './tau-data';
import { callsOf, WRITE_TOOLS } from './tau-facts';

/** A write as "what kind of change, on which booking or customer". */
const writeKey = (name: string, args: Record<string, unknown>) =>
  `${name}:${String(args.reservation_id ?? args.user_id ?? '')}`;

const sorted = (keys: string[]) => [...keys].sort().join('|');

export const TAU_OUTCOME_CRITERIA: Criterion<TauRun>[] = [
  {
    id: 'tau_task_solved',
    says: "solved the customer's task (tau-bench's reward: the final database is the right one)",
    kind: 'outcome',
    label: (run) => run.reward > 0,
  },
  {
    id: 'tau_right_changes',
    says: 'made exactly the kinds of change the task needed, on the right bookings, and no other change',
    kind: 'outcome',
    label: (run) => {
      const done = callsOf(run)
        .filter((c) => WRITE_TOOLS.has(c.name) && !c.failed)
        .map((c) => writeKey(c.name, c.args));
      const needed = run.info.task.actions
        .filter((a) => WRITE_TOOLS.has(a.name))
        .map((a) => writeKey(a.name, a.kwargs));
      return sorted(done) === sorted(needed);
    },
  },
];
