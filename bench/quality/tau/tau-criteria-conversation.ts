// Criteria over tau-bench airline runs: what the agent said and how it used its tools.
// Written by helper `criteria` WITHOUT reading the synthesiser (src/evals/synth/, selection/,
// llm-generator/, docs/synthesiser.md). FROZEN: a change to the synthesiser never comes in the
// same commit as a change to these criteria.
import { canonicalJson } from '../canonical-json';
import type { Criterion } from '../criterion';
import type { TauRun } from './tau-data';
import { callsOf, indicesOf, numbersIn, textOf } from './tau-facts';

const FLIGHT_NUMBER = /\bHAT\d{3}\b/;
/** Six capitals and digits with at least one of each, and not a flight number (HAT + 3 digits). */
const isReservationCode = (token: string) =>
  /^[A-Z0-9]{6}$/.test(token) &&
  /\d/.test(token) &&
  /[A-Z]/.test(token) &&
  !/^HAT\d{3}$/.test(token);
const DOLLARS = /\$\s?(\d[\d,]*(?:\.\d{1,2})?)/g;

export const TAU_CONVERSATION_CRITERIA: Criterion<TauRun>[] = [
  {
    id: 'tau_no_handoff',
    says: 'never handed the customer off to a human agent',
    kind: 'single',
    label: (run) => !callsOf(run).some((c) => c.name === 'transfer_to_human_agents'),
  },
  {
    id: 'tau_used_calculator',
    says: 'worked the numbers out with the calculator at least once',
    kind: 'single',
    label: (run) => callsOf(run).some((c) => c.name === 'calculate'),
  },
  {
    id: 'tau_no_system_error',
    says: 'every request to the booking system went through without an error',
    kind: 'single',
    label: (run) => !callsOf(run).some((c) => c.failed),
  },
  {
    id: 'tau_short_conversation',
    says: 'wrapped up within seven customer messages',
    kind: 'single',
    label: (run) => indicesOf(run, 'user').length <= 7,
  },
  {
    id: 'tau_stopped_to_think',
    says: 'stopped to think (the think tool) at least once',
    kind: 'single',
    label: (run) => callsOf(run).some((c) => c.name === 'think'),
  },
  {
    id: 'tau_ended_on_question',
    says: 'closed with a question to the customer rather than a statement',
    kind: 'single',
    label: (run) => {
      const last = indicesOf(run, 'assistant')
        .map((i) => textOf(run.traj[i]!).trim())
        .filter((t) => t !== '')
        .at(-1);
      return (last ?? '').endsWith('?');
    },
  },
  {
    id: 'tau_told_flight_number',
    says: 'told the customer at least one flight number (HAT and three digits) in a reply',
    kind: 'pattern',
    label: (run) =>
      indicesOf(run, 'assistant').some((i) => FLIGHT_NUMBER.test(textOf(run.traj[i]!))),
  },
  {
    id: 'tau_closing_names_reservation',
    says: 'its last message to the customer names a reservation code (like FQ8APE), not a flight',
    kind: 'pattern',
    label: (run) => {
      const last = indicesOf(run, 'assistant')
        .map((i) => textOf(run.traj[i]!))
        .filter((t) => t.trim() !== '')
        .at(-1);
      return (last ?? '').split(/[^A-Za-z0-9]+/).some(isReservationCode);
    },
  },
  {
    id: 'tau_amounts_backed',
    says: 'every dollar amount it quoted had come up before, from a tool (prices, balances, the calculator) or from the customer',
    kind: 'pattern',
    label: (run) => {
      const known = new Set<number>();
      for (const m of run.traj) {
        if (m.role === 'assistant') {
          for (const match of textOf(m).matchAll(DOLLARS)) {
            const amount = Math.round(Number(match[1]!.replaceAll(',', '')) * 100) / 100;
            if (!known.has(amount)) {
              return false;
            }
          }
        } else if (m.role === 'tool' || m.role === 'user') {
          numbersIn(textOf(m), known);
        }
      }
      return true;
    },
  },
  {
    id: 'tau_no_repeated_call',
    says: 'never called the same tool twice with the same arguments',
    kind: 'conjunction',
    label: (run) => {
      const seen = new Set<string>();
      for (const c of callsOf(run)) {
        const key = `${c.name} ${canonicalJson(c.args)}`;
        if (seen.has(key)) {
          return false;
        }
        seen.add(key);
      }
      return true;
    },
  },
];
