// Dev criteria of the synthesiser's author (session 27, issue #14), over the eval views of
// bench:quality's two domains: pattern and conjunction criteria stated on what a trace shows, to
// replay the version-or-abstain decision on clustered labels (4 runs of a task share almost
// everything). They are NOT bench:quality's frozen criteria and were written by the learner's
// author, so they measure the decision, not how well the learner generalises.
import type { EvalView } from '@/core/eval-view';

type Call = { name: string; args: Record<string, unknown> };

const calls = (v: EvalView): Call[] =>
  v.steps.flatMap((s) =>
    s.tool_calls.map((c) => ({
      name: c.name,
      args: (typeof c.arguments === 'object' && c.arguments !== null ? c.arguments : {}) as Record<
        string,
        unknown
      >,
    })),
  );

/** The string values of `key` in calls of tools whose name matches `tool`. */
const strings = (v: EvalView, tool: RegExp, key: string): string[] =>
  calls(v)
    .filter((c) => tool.test(c.name))
    .map((c) => c.args[key])
    .filter((x): x is string => typeof x === 'string');

const field = (x: unknown, key: string): unknown =>
  typeof x === 'object' && x !== null ? (x as Record<string, unknown>)[key] : undefined;

const payments = (v: EvalView): string[] =>
  calls(v).flatMap((c) => {
    const methods = Array.isArray(c.args.payment_methods) ? c.args.payment_methods : [];
    return [c.args.payment_id, ...methods.map((m) => field(m, 'payment_id'))].filter(
      (x): x is string => typeof x === 'string',
    );
  });

const flightNumbers = (v: EvalView): string[] =>
  calls(v)
    .filter((c) => /^(book_reservation|update_reservation_flights)$/.test(c.name))
    .flatMap((c) => (Array.isArray(c.args.flights) ? c.args.flights : []))
    .map((f) => String(field(f, 'flight_number') ?? ''));

const called = (v: EvalView, name: string) => calls(v).some((c) => c.name === name);
const bookings = (v: EvalView) => calls(v).filter((c) => c.name === 'book_reservation');
const lastAssistant = (v: EvalView) =>
  [...v.messages].reverse().find((m) => m.role === 'assistant')?.content ?? '';
const shell = (v: EvalView) => strings(v, /^run_shell$/, 'command');
const edited = (v: EvalView) => strings(v, /^(edit_file|write_file)$/, 'path');

export type DevCriterion = {
  id: string;
  kind: 'pattern' | 'conjunction';
  label: (view: EvalView) => boolean;
};

export const TAU_DEV: DevCriterion[] = [
  {
    id: 'dev_tau_paid_no_credit_card',
    kind: 'pattern',
    label: (v) => payments(v).every((p) => !p.startsWith('credit_card_')),
  },
  {
    id: 'dev_tau_flights_below_100',
    kind: 'pattern',
    label: (v) => flightNumbers(v).every((f) => /^HAT0\d\d$/.test(f)),
  },
  {
    id: 'dev_tau_reservation_ids_have_digit',
    kind: 'pattern',
    label: (v) => strings(v, /reservation/, 'reservation_id').every((r) => /\d/.test(r)),
  },
  {
    id: 'dev_tau_user_id_even',
    kind: 'pattern',
    label: (v) => strings(v, /./, 'user_id').every((u) => Number(u.slice(-1)) % 2 === 0),
  },
  {
    id: 'dev_tau_dates_late_may',
    kind: 'pattern',
    label: (v) => strings(v, /search/, 'date').every((d) => d >= '2024-05-20'),
  },
  {
    id: 'dev_tau_booked_one_payment',
    kind: 'conjunction',
    label: (v) =>
      bookings(v).every(
        (c) => Array.isArray(c.args.payment_methods) && c.args.payment_methods.length === 1,
      ),
  },
  {
    id: 'dev_tau_handoff_or_cancel',
    kind: 'conjunction',
    label: (v) => called(v, 'transfer_to_human_agents') || called(v, 'cancel_reservation'),
  },
  {
    id: 'dev_tau_write_and_amount',
    kind: 'conjunction',
    label: (v) =>
      calls(v).some((c) => /^(book|cancel|update|send)_/.test(c.name)) &&
      /\$\d/.test(lastAssistant(v)),
  },
  {
    id: 'dev_tau_searched_and_no_think',
    kind: 'conjunction',
    label: (v) => calls(v).some((c) => /^search_/.test(c.name)) && !called(v, 'think'),
  },
  {
    id: 'dev_tau_economy_bags',
    kind: 'conjunction',
    label: (v) =>
      bookings(v).every(
        (c) => c.args.cabin !== 'basic_economy' && Number(c.args.total_baggages ?? 0) <= 1,
      ),
  },
];

export const CODING_DEV: DevCriterion[] = [
  {
    id: 'dev_code_edits_in_src',
    kind: 'pattern',
    label: (v) => edited(v).every((p) => /^(src|internal|pkg|lib)\//.test(p) && !/test/.test(p)),
  },
  {
    id: 'dev_code_named_test_run',
    kind: 'pattern',
    label: (v) =>
      shell(v)
        .filter((c) => /\b(test|pytest)\b/.test(c))
        .every((c) => c.trim().split(/\s+/).length >= 3),
  },
  {
    id: 'dev_code_rust_or_go',
    kind: 'pattern',
    label: (v) => edited(v).every((p) => /\.(rs|go)$/.test(p)),
  },
  {
    id: 'dev_code_query_has_underscore',
    kind: 'pattern',
    label: (v) => strings(v, /search_code/, 'query').every((q) => q.includes('_')),
  },
  {
    id: 'dev_code_no_sed',
    kind: 'pattern',
    label: (v) => shell(v).every((c) => !/^sed\b/.test(c)),
  },
  {
    id: 'dev_code_tests_and_listed',
    kind: 'conjunction',
    label: (v) => shell(v).some((c) => /\btest\b|pytest/.test(c)) && called(v, 'list_dir'),
  },
  {
    id: 'dev_code_commit_or_diff',
    kind: 'conjunction',
    label: (v) => shell(v).some((c) => /^git (commit|diff)/.test(c)),
  },
  {
    id: 'dev_code_searched_and_read_test',
    kind: 'conjunction',
    label: (v) =>
      called(v, 'search_code') && strings(v, /read_file/, 'path').some((p) => /test/.test(p)),
  },
  {
    id: 'dev_code_edit_no_write',
    kind: 'conjunction',
    label: (v) => called(v, 'edit_file') && !called(v, 'write_file'),
  },
];
