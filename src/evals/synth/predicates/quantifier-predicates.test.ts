import { describe, expect, it } from 'vitest';
import { makeView, type Turn } from '../testing/make-view';
import { type ToolGroup, toolGroupsOf } from '../tool-groups';
import { extractFacts, type TraceFacts } from '../trace-facts';
import {
  leafEchoed,
  leafSeen,
  leafValues,
  mineQuantifierPredicates,
  namedEvery,
  saidBefore,
  usedEvery,
} from './quantifier-predicates';

const facts = (turns: Turn[]) => extractFacts(makeView(turns));
const tool = (value: string): ToolGroup => ({ kind: 'name', value });

const book = (flights: string[]) => ({
  call: 'book_reservation',
  args: { flights: flights.map((f) => ({ flight_number: f, date: '2024-05-20' })), pay: 'gc_1' },
});

describe('leafValues', () => {
  it('finds a key at any depth, keeping one-line values of 3 to 60 characters', () => {
    const args = {
      flights: [{ flight_number: 'HAT001' }, { flight_number: 'HA' }, { flight_number: 7 }],
      nested: { deeper: { flight_number: 'HAT002' } },
      flight_number: 'two\nlines',
    };
    expect(leafValues(args, 'flight_number').sort()).toEqual(['HAT001', 'HAT002']);
    expect(leafValues('HAT001', 'flight_number')).toEqual([]);
  });
});

describe('saidBefore', () => {
  const readBack = (said: string) =>
    facts([
      { user: 'Book me on the morning flights.' },
      { assistant: said },
      { user: 'yes' },
      book(['HAT001', 'HAT002']),
    ]);

  it('holds when the message before the call named every value the call passed', () => {
    expect(
      saidBefore(
        readBack('HAT001 then HAT002, shall I?'),
        tool('book_reservation'),
        'flight_number',
        false,
      ),
    ).toBe(true);
    expect(saidBefore(readBack('HAT001 then HAT002, shall I?'), null, 'flight_number', false)).toBe(
      true,
    );
  });

  it('fails when a passed value was not read back', () => {
    expect(
      saidBefore(readBack('HAT001, shall I?'), tool('book_reservation'), 'flight_number', false),
    ).toBe(false);
  });

  it('looks only at the latest message unless any earlier one is allowed', () => {
    const f = facts([
      { assistant: 'HAT001 and HAT002 are free.' },
      { user: 'ok' },
      { assistant: 'Booking now.' },
      { user: 'yes' },
      book(['HAT001', 'HAT002']),
    ]);
    expect(saidBefore(f, tool('book_reservation'), 'flight_number', false)).toBe(false);
    expect(saidBefore(f, tool('book_reservation'), 'flight_number', true)).toBe(true);
  });
});

describe('namedEvery', () => {
  const edits = (closing: string) =>
    facts([
      { call: 'edit_file', args: { path: 'src/a.py' } },
      { call: 'edit_file', args: { path: 'src/b.py' } },
      { assistant: closing },
    ]);

  it('requires every value, not some', () => {
    expect(
      namedEvery(edits('Changed src/a.py and src/b.py.'), tool('edit_file'), 'path', 'last'),
    ).toBe(true);
    expect(namedEvery(edits('Changed src/a.py.'), tool('edit_file'), 'path', 'last')).toBe(false);
  });
});

describe('usedEvery', () => {
  const profile = { call: 'get_user_details', result: '{"reservations": ["AAA111", "BBB222"]}' };
  const lookup = (id: string) => ({
    call: 'get_reservation_details',
    args: { reservation_id: id },
  });
  const everyReservationLookedUp = (f: TraceFacts) =>
    usedEvery(
      f,
      'get_user_details',
      'reservations',
      tool('get_reservation_details'),
      'reservation_id',
    );

  it('holds when every listed item was passed, before the list or after it', () => {
    const f = facts([lookup('BBB222'), profile, lookup('AAA111')]);
    expect(everyReservationLookedUp(f)).toBe(true);
  });

  it('fails when one was left out or nothing was listed', () => {
    const cases = [
      facts([profile, lookup('AAA111')]),
      facts([lookup('BBB222'), lookup('CCC333')]),
      facts([lookup('AAA111')]),
    ];
    for (const f of cases) {
      expect(everyReservationLookedUp(f)).toBe(false);
    }
  });
});

describe('leafEchoed', () => {
  const pay = { call: 'update_reservation', args: { payment: { payment_id: 'gift_card_77' } } };

  it('holds when the value was in an earlier result of the named tool', () => {
    const f = facts([{ call: 'get_user_details', result: '{"methods": ["gift_card_77"]}' }, pay]);
    expect(leafEchoed(f, null, 'payment_id', 'get_user_details')).toBe(true);
    expect(leafEchoed(f, null, 'payment_id')).toBe(true);
  });

  it('fails when only another tool, or a later result, held it', () => {
    const f = facts([{ call: 'get_reservation', result: '{"paid": "gift_card_77"}' }, pay]);
    expect(leafEchoed(f, null, 'payment_id')).toBe(true);
    expect(leafEchoed(f, null, 'payment_id', 'get_user_details')).toBe(false);
    const late = facts([pay, { call: 'get_user_details', result: '{"m": "gift_card_77"}' }]);
    expect(leafEchoed(late, null, 'payment_id')).toBe(false);
  });
});

describe('mineQuantifierPredicates', () => {
  it('mines the same candidates in the same order whatever the order of the examples', () => {
    const views = ['a', 'b', 'c'].map((g) => ({
      facts: facts([
        { call: 'get_user_details', result: `{"reservations": ["${g}11111"]}` },
        { assistant: `Looking at ${g}11111.` },
        { call: 'get_reservation_details', args: { reservation_id: `${g}11111` } },
      ]),
      label: g !== 'c',
      group: g,
    }));
    const groups = toolGroupsOf(views.map((v) => v.facts));
    const ids = mineQuantifierPredicates(views, groups).map((p) => p.id);
    expect(ids).toContain(
      'used-every:get_user_details.reservations->name=get_reservation_details.reservation_id',
    );
    expect(ids).toContain('said-before:name=get_reservation_details.reservation_id');
    expect(ids).toContain('leaf-echo:get_user_details->*.reservation_id');
    expect(mineQuantifierPredicates([...views].reverse(), groups).map((p) => p.id)).toEqual(ids);
  });
});

describe('leafSeen', () => {
  it('holds when every value was passed to an earlier call, and not when a call passed it first', () => {
    const read = { call: 'run_shell', args: { command: 'cat src/a.py' } };
    const edit = { call: 'edit_file', args: { path: 'src/a.py' } };
    const write: ToolGroup = { kind: 'write', value: '' };
    expect(leafSeen(facts([read, edit]), write, 'path')).toBe(true);
    expect(leafSeen(facts([edit, read]), write, 'path')).toBe(false);
  });
});
