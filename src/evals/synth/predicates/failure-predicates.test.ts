import { describe, expect, it } from 'vitest';
import { makeView, type Turn } from '../testing/make-view';
import { extractFacts } from '../trace-facts';
import {
  claimedAfterFailure,
  failedFollowed,
  mineFailurePredicates,
  saidAfterFailure,
} from './failure-predicates';

const facts = (turns: Turn[]) => extractFacts(makeView(turns));
const call = (name: string, result: unknown): Turn => ({
  call: name,
  result: JSON.stringify(result),
});
const write = { kind: 'write', value: '' } as const;

describe('failedFollowed', () => {
  const failed = call('update_group', { ok: false, error: 'quota' });
  it('holds when every failed call was retried at once or reported before the next call', () => {
    const retried = facts([failed, call('update_group', { ok: true }), call('get_user', {})]);
    const reported = facts([
      failed,
      { assistant: 'That change did not go through.' },
      call('get_user', {}),
    ]);
    for (const f of [retried, reported]) {
      expect(failedFollowed(f, null, 'retried-or-reported')).toBe(true);
    }
    expect(failedFollowed(retried, null, 'retried')).toBe(true);
    expect(failedFollowed(retried, null, 'reported')).toBe(false);
    expect(failedFollowed(reported, null, 'reported')).toBe(true);
    expect(failedFollowed(reported, null, 'retried')).toBe(false);
  });

  it('fails on a near miss: another tool called next, the assistant speaking only after it', () => {
    const f = facts([failed, call('get_user', {}), { assistant: 'Updated the group.' }]);
    expect(failedFollowed(f, null, 'retried-or-reported')).toBe(false);
    // the same tool much later is not a retry at once
    const later = facts([failed, call('get_user', {}), call('update_group', { ok: true })]);
    expect(failedFollowed(later, null, 'retried')).toBe(false);
  });

  it('holds vacuously without failures, and only asks about failed calls in its scope', () => {
    expect(failedFollowed(facts([call('get_user', {})]), null, 'reported')).toBe(true);
    const readFailed = facts([call('get_user', { ok: false }), call('list_groups', {})]);
    expect(failedFollowed(readFailed, null, 'reported')).toBe(false);
    expect(failedFollowed(readFailed, write, 'reported')).toBe(true);
  });

  it("'told' needs the next assistant message to say it did not work", () => {
    const told = facts([
      failed,
      call('get_user', {}),
      { assistant: 'Sorry, I was unable to add you.' },
    ]);
    const glossed = facts([failed, { assistant: 'You are in the group now.' }]);
    expect(failedFollowed(told, null, 'told')).toBe(true);
    expect(failedFollowed(glossed, null, 'told')).toBe(false);
  });
});

describe('claimedAfterFailure', () => {
  const failed = call('update_group', { status: 'failed' });
  it('finds a success claim while a failure stands', () => {
    const f = facts([failed, { assistant: 'Done! You have been added successfully.' }]);
    expect(claimedAfterFailure(f, null)).toBe(true);
    expect(claimedAfterFailure(f, write)).toBe(true);
    expect(saidAfterFailure(f, null, 'added')).toBe(true);
  });

  it('does not count a claim after the tool succeeded, or a claim that says it did not work', () => {
    const recovered = facts([
      failed,
      call('update_group', { status: 'ok' }),
      { assistant: 'Done, you have been added successfully.' },
    ]);
    const honest = facts([failed, { assistant: 'The change has not been completed: it failed.' }]);
    const before = facts([{ assistant: 'Done, all set.' }, failed]);
    for (const f of [recovered, honest, before]) {
      expect(claimedAfterFailure(f, null)).toBe(false);
    }
    expect(saidAfterFailure(recovered, null, 'added')).toBe(false);
  });
});

describe('mineFailurePredicates', () => {
  it('asks about any tool, write-like tools and each tool that failed in two groups', () => {
    const failing = (g: string) => ({
      facts: facts([call('update_group', { ok: false }), { assistant: 'It failed, sorry.' }]),
      label: false,
      group: g,
    });
    const fine = (g: string) => ({
      facts: facts([call('update_group', {})]),
      label: true,
      group: g,
    });
    const ids = mineFailurePredicates(
      [failing('a'), failing('b'), fine('c'), fine('d')],
      [{ kind: 'name', value: 'update_group' }, write],
    ).map((p) => p.id);
    expect(ids).toContain('failed-followed:*:retried-or-reported');
    expect(ids).toContain('claimed-after-failure:write');
    expect(ids).toContain('failed-followed:name=update_group:told');
    expect(ids).toContain('said-after-failure:*:failed');
    expect(mineFailurePredicates([fine('a'), fine('b')], [write])).toEqual([]);
  });
});
