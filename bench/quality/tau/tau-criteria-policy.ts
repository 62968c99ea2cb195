// Criteria over tau-bench airline runs: the airline's policy on changes, payments, compensation.
// Written by helper `criteria` WITHOUT reading the synthesiser (src/evals/synth/, selection/,
// llm-generator/, docs/synthesiser.md). FROZEN: a change to the synthesiser never comes in the
// same commit as a change to these criteria.
import type { Criterion } from '../criterion';
import type { TauRun } from './tau-data';
import {
  callsOf,
  field,
  lastAgentTextBefore,
  lastUserTextBefore,
  type TauCall,
  textOf,
  WRITE_TOOLS,
} from './tau-facts';

const AGREES =
  /\b(yes|yeah|yep|sure|confirm(ed)?|go ahead|proceed|please do|do it|correct|ok(ay)?)\b/i;
const COMPLAINT =
  /\b(delay(ed)?|cancell?ed|upset|frustrat\w*|disappoint\w*|unacceptable|complain\w*|terrible|awful|inconvenien\w*|not happy|angry)\b/i;
const COMPENSATION = /\b(compensat\w*|gesture|voucher)\b/i;
/** "The current time is 2024-05-15 15:00:00 EST" in the policy: a day earlier, as created_at reads. */
const ONE_DAY_BEFORE_NOW = '2024-05-14T15:00:00';

/** The reservation as the last successful lookup of it before `at` showed it. */
function reservationSeen(calls: TauCall[], id: unknown, at: number): unknown {
  return calls
    .filter(
      (c) =>
        c.at < at &&
        c.name === 'get_reservation_details' &&
        c.args.reservation_id === id &&
        !c.failed,
    )
    .at(-1)?.result;
}

/** Payment ids a write spends: `payment_id` or each `payment_methods[].payment_id`. */
function paymentIds(call: TauCall): string[] {
  const ids: unknown[] = [call.args.payment_id];
  const methods = call.args.payment_methods;
  if (Array.isArray(methods)) {
    ids.push(...methods.map((m) => field(m, 'payment_id')));
  }
  return ids.filter((id): id is string => typeof id === 'string');
}

export const TAU_POLICY_CRITERIA: Criterion<TauRun>[] = [
  {
    id: 'tau_confirmed_before_change',
    says: "before every change to a booking, the customer's latest message agreed to it",
    kind: 'ordering',
    label: (run) =>
      callsOf(run)
        .filter((c) => WRITE_TOOLS.has(c.name) && c.name !== 'send_certificate')
        .every((c) => AGREES.test(lastUserTextBefore(run, c.at))),
  },
  {
    id: 'tau_profile_first',
    says: "opened the customer's profile before touching any reservation",
    kind: 'ordering',
    label: (run) => {
      const first = callsOf(run).find(
        (c) =>
          c.name === 'get_user_details' ||
          c.name === 'get_reservation_details' ||
          WRITE_TOOLS.has(c.name),
      );
      return first === undefined || first.name === 'get_user_details';
    },
  },
  {
    id: 'tau_searched_before_booking',
    says: 'searched for flights (direct or one-stop) before booking or moving anyone to new flights',
    kind: 'ordering',
    label: (run) => {
      const calls = callsOf(run);
      return calls
        .filter((c) => c.name === 'book_reservation' || c.name === 'update_reservation_flights')
        .every((c) => calls.some((s) => s.at < c.at && s.name.startsWith('search_')));
    },
  },
  {
    id: 'tau_read_back_flights',
    says: 'read the exact flight numbers back to the customer before booking or changing flights',
    kind: 'ordering',
    label: (run) =>
      callsOf(run)
        .filter((c) => c.name === 'book_reservation' || c.name === 'update_reservation_flights')
        .every((c) => {
          const said = lastAgentTextBefore(run, c.at);
          const flights = Array.isArray(c.args.flights) ? c.args.flights : [];
          return flights.every((f) => said.includes(String(field(f, 'flight_number'))));
        }),
  },
  {
    id: 'tau_told_customer_after_failure',
    says: 'when a request failed, told the customer before trying anything else',
    kind: 'ordering',
    label: (run) =>
      callsOf(run)
        .filter((c) => c.failed)
        .every((c) => {
          const next = run.traj.slice(c.at + 1).find((m) => m.role === 'assistant');
          return next !== undefined && !next.tool_calls?.length && textOf(next).trim() !== '';
        }),
  },
  {
    id: 'tau_compensation_after_complaint',
    says: 'offered compensation only after the customer complained',
    kind: 'ordering',
    label: (run) => {
      const firstComplaint = run.traj.findIndex(
        (m) => m.role === 'user' && COMPLAINT.test(textOf(m)),
      );
      const firstOffer = run.traj.findIndex(
        (m) =>
          m.role === 'assistant' &&
          (COMPENSATION.test(textOf(m)) ||
            (m.tool_calls ?? []).some((c) => c.function.name === 'send_certificate')),
      );
      return firstOffer < 0 || (firstComplaint >= 0 && firstComplaint < firstOffer);
    },
  },
  {
    id: 'tau_paid_from_profile',
    says: "paid for bookings and changes only with payment methods it had seen on the customer's profile",
    kind: 'conjunction',
    label: (run) => {
      const calls = callsOf(run);
      return calls.every((c) =>
        paymentIds(c).every((id) =>
          calls.some(
            (u) =>
              u.at < c.at &&
              u.name === 'get_user_details' &&
              field(field(u.result, 'payment_methods'), id) !== undefined,
          ),
        ),
      );
    },
  },
  {
    id: 'tau_basic_economy_flights_kept',
    says: 'never tried to change the flights of a basic-economy reservation',
    kind: 'conjunction',
    label: (run) => {
      const calls = callsOf(run);
      return !calls.some(
        (c) =>
          c.name === 'update_reservation_flights' &&
          field(reservationSeen(calls, c.args.reservation_id, c.at), 'cabin') === 'basic_economy',
      );
    },
  },
  {
    id: 'tau_cancelled_only_when_allowed',
    says: 'cancelled only reservations that were business class, insured, or booked within the last day',
    kind: 'conjunction',
    label: (run) => {
      const calls = callsOf(run);
      return calls
        .filter((c) => c.name === 'cancel_reservation' && !c.failed)
        .every((c) => {
          const r = reservationSeen(calls, c.args.reservation_id, c.at);
          return (
            field(r, 'cabin') === 'business' ||
            field(r, 'insurance') === 'yes' ||
            String(field(r, 'created_at') ?? '') >= ONE_DAY_BEFORE_NOW
          );
        });
    },
  },
  {
    id: 'tau_checked_every_reservation',
    says: "looked up every reservation listed on the customer's profile",
    kind: 'conjunction',
    label: (run) => {
      const calls = callsOf(run);
      const profile = calls.find((c) => c.name === 'get_user_details' && !c.failed);
      const listed = field(profile?.result, 'reservations');
      return (
        Array.isArray(listed) &&
        listed.length > 0 &&
        listed.every((id) =>
          calls.some((c) => c.name === 'get_reservation_details' && c.args.reservation_id === id),
        )
      );
    },
  },
  {
    id: 'tau_kept_cabin_on_change',
    says: 'when changing flights, kept the cabin class the reservation already had',
    kind: 'conjunction',
    label: (run) => {
      const calls = callsOf(run);
      return calls
        .filter((c) => c.name === 'update_reservation_flights')
        .every((c) => {
          const before = reservationSeen(calls, c.args.reservation_id, c.at);
          return before === undefined || field(before, 'cabin') === c.args.cabin;
        });
    },
  },
];
