import type { TauBenchItem } from '@/evals/synth/testing/tau-bench-view';

/** A criterion observable in the transcript: `label(item)` = true when the trace should pass. */
export type Criterion = {
  name: string;
  kind: 'single' | 'ordering';
  label(item: TauBenchItem): boolean;
};

type Msg = TauBenchItem['traj'][number];
const toolNames = (m: Msg) => (m.tool_calls ?? []).map((tc) => tc.function.name);
const isWrite = (name: string) => /^(book|cancel|update)_/.test(name);

// Reference labellers: read the raw tau-bench transcript, never the eval view or the synthesiser.
export const CRITERIA: Criterion[] = [
  {
    name: 'no_transfer_to_human',
    kind: 'single',
    label: (item) => !item.traj.some((m) => toolNames(m).includes('transfer_to_human_agents')),
  },
  {
    name: 'no_tool_error',
    kind: 'single',
    label: (item) =>
      !item.traj.some((m) => m.role === 'tool' && /^\s*error\b/i.test(m.content ?? '')),
  },
  {
    name: 'at_most_one_call_per_turn',
    kind: 'single',
    label: (item) => item.traj.every((m) => toolNames(m).length <= 1),
  },
  {
    name: 'no_more_than_3_reservation_lookups',
    kind: 'single',
    label: (item) =>
      item.traj.flatMap(toolNames).filter((n) => n === 'get_reservation_details').length <= 3,
  },
  {
    name: 'write_confirmed_by_yes',
    kind: 'ordering',
    label: (item) => {
      let yes = false;
      for (const m of item.traj) {
        if (m.role === 'user' && /\byes\b/i.test(m.content ?? '')) {
          yes = true;
        }
        for (const name of toolNames(m)) {
          if (isWrite(name)) {
            if (!yes) {
              return false;
            }
            yes = false;
          }
        }
      }
      return true;
    },
  },
  {
    name: 'user_looked_up_before_write',
    kind: 'ordering',
    label: (item) => {
      let looked = false;
      for (const name of item.traj.flatMap(toolNames)) {
        if (name === 'get_user_details') {
          looked = true;
        } else if (isWrite(name) && !looked) {
          return false;
        }
      }
      return true;
    },
  },
  // Added after the synthesiser's priors were set, to check they were not tuned to the above.
  {
    name: 'at_most_8_user_turns',
    kind: 'single',
    label: (item) => item.traj.filter((m) => m.role === 'user').length <= 8,
  },
  {
    name: 'agent_asked_to_confirm_before_cancel',
    kind: 'ordering',
    label: (item) => {
      let asked = false;
      for (const m of item.traj) {
        if (m.role === 'assistant' && /\bconfirm/i.test(m.content ?? '')) {
          asked = true;
        }
        for (const name of toolNames(m)) {
          if (name === 'cancel_reservation') {
            if (!asked) {
              return false;
            }
            asked = false;
          }
        }
      }
      return true;
    },
  },
];
