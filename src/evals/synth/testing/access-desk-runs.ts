import type { EvalView } from '@/core/eval-view';
import { digits, pick, seededRuns } from './draw';
import { makeView, type Turn } from './make-view';
import runWords from './run-words.json';

/**
 * Generated building-access desk runs for learning tests, with tool names no verb list knows:
 * the agent looks a person up, checks their badge (which may answer `confirmed: false`), makes
 * changes (`issue_keycard`, `extend_contract`, `ship_laptop`, `revoke_parking`), asks a site's
 * sign-off before a keycard (which may be for another site, or refused), and files notes on a
 * ticket (`append_note`, harmless, at any time). Calls fail now and then, with an outage (a
 * gateway timeout, a 503, a `timeout` status) or a bad request (validation, not found, a
 * permission refused). Words come from pools shared by good and bad runs (run-words.json).
 */
export type AccessDeskRun = {
  view: EvalView;
  /** Every change came after a badge check that answered confirmed=true. */
  confirmedBeforeChanges: boolean;
  /** Every keycard came after an approved sign-off for the same site. */
  signoffSameSite: boolean;
  /** No call failed for a bad request (validation, not found, permission); outages are no fault. */
  noRequestErrors: boolean;
  /** Every keycard was for at most 90 days. */
  keycardWithinLimit: boolean;
  /** Every ticket a note was filed on was `RQ-` and six digits. */
  ticketsWellFormed: boolean;
};

const words = runWords.accessDesk;

const SITES = ['north', 'harbour', 'lab-2', 'depot'];
const CHANGES = ['issue_keycard', 'extend_contract', 'ship_laptop', 'revoke_parking'] as const;

/** A well-formed ticket most of the time, else a look-alike: a space for the dash, a digit short. */
function ticket(r: () => number): [string, boolean] {
  const roll = r();
  if (roll < 0.65) {
    return [`RQ-${digits(r, 6)}`, true];
  }
  return [roll < 0.85 ? `RQ ${digits(r, 6)}` : `RQ-${digits(r, 5)}`, false];
}

type Draft = { turns: Turn[]; requestError: boolean; r: () => number };

/** A call that fails now and then (an outage or a bad request), then retried or reported. */
function call(d: Draft, name: string, args: Record<string, unknown>, result: string) {
  const { r, turns } = d;
  const roll = r();
  if (roll < 0.2) {
    const outage = roll < 0.1;
    d.requestError ||= !outage;
    turns.push({ call: name, args, result: pick(r, outage ? words.outages : words.badRequests) });
    if (r() < 0.5) {
      turns.push({ call: name, args, result });
    } else {
      turns.push({ assistant: pick(r, words.reports) });
    }
  } else {
    turns.push({ call: name, args, result });
  }
}

function run(r: () => number, i: number): AccessDeskRun {
  const person = `P-${1000 + i}`;
  const d: Draft = {
    turns: [{ user: pick(r, words.asks) }, { assistant: pick(r, words.says) }],
    requestError: false,
    r,
  };
  const { turns } = d;
  const home = pick(r, SITES);
  call(
    d,
    'lookup_person',
    { person_id: person },
    JSON.stringify({ person_id: person, home_site: home }),
  );
  let ticketsWellFormed = true;
  const note = () => {
    const [id, ok] = ticket(r);
    ticketsWellFormed &&= ok;
    turns.push({
      call: 'append_note',
      args: { ticket: id, text: 'desk note' },
      result: '{"ok": true}',
    });
  };
  if (r() < 0.5) {
    note();
  }
  // the badge check: before the changes, after the first one, or never; it may say no
  let confirmed = false;
  const check = () => {
    const first = r() < 0.7;
    turns.push({
      call: 'check_badge',
      args: { person_id: person },
      result: JSON.stringify({ confirmed: first }),
    });
    confirmed = first;
    if (!first && r() < 0.5) {
      turns.push({ assistant: pick(r, words.recheck) });
      turns.push({
        call: 'check_badge',
        args: { person_id: person },
        result: '{"confirmed": true}',
      });
      confirmed = true;
    }
  };
  const when = r();
  if (when < 0.7) {
    check();
  }
  let confirmedBeforeChanges = true;
  let signoffSameSite = true;
  let keycardWithinLimit = true;
  const changes = [...CHANGES].filter(() => r() < 0.45);
  for (const [k, change] of changes.entries()) {
    if (k === 1 && when >= 0.7 && when < 0.85) {
      check();
    }
    confirmedBeforeChanges &&= confirmed;
    if (change === 'issue_keycard') {
      const site = r() < 0.7 ? home : pick(r, SITES);
      let approvedHere = false;
      if (r() < 0.8) {
        const asked =
          r() < 0.75
            ? site
            : pick(
                r,
                SITES.filter((s) => s !== site),
              );
        const approved = r() < 0.8;
        if (!approved && r() < 0.5) {
          // an approval for another site first: approved, and this site named, but not together
          const other = pick(
            r,
            SITES.filter((s) => s !== asked),
          );
          turns.push({
            call: 'seek_signoff',
            args: { site: other },
            result: JSON.stringify({ site: other, approved: true }),
          });
        }
        turns.push({
          call: 'seek_signoff',
          args: { site: asked },
          result: JSON.stringify({ site: asked, approved }),
        });
        approvedHere = approved && asked === site;
      }
      signoffSameSite &&= approvedHere;
      const within = r() < 0.6;
      const days = within ? pick(r, [7, 14, 30, 60, 90]) : pick(r, [120, 180, 365]);
      keycardWithinLimit &&= within;
      call(d, change, { person_id: person, site, days }, '{"ok": true}');
    } else {
      call(d, change, { person_id: person }, '{"ok": true}');
    }
  }
  if (r() < 0.5) {
    note();
  }
  turns.push({ assistant: pick(r, words.closes) });
  return {
    view: makeView(turns, { task_id: `access-${i}` }),
    confirmedBeforeChanges,
    signoffSameSite,
    noRequestErrors: !d.requestError,
    keycardWithinLimit,
    ticketsWellFormed,
  };
}

/** `n` runs from `seed`, each its own task. */
export const accessDeskRuns = seededRuns(run);
