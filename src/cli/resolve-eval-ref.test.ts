import { describe, expect, it } from 'vitest';
import { isAppError } from '@/core/errors';
import { resolveEvalRef } from './resolve-eval-ref';

const rows = [
  { id: 'ev_refund3', name: 'eval_refund', version: 3, status: 'candidate' },
  { id: 'ev_refund2', name: 'eval_refund', version: 2, status: 'active' },
  { id: 'ev_refund1', name: 'eval_refund', version: 1, status: 'inactive' },
  { id: 'ev_tone1', name: 'eval_tone', version: 1, status: 'candidate' },
  { id: 'ev_polite2', name: 'eval_polite', version: 2, status: 'candidate' },
  { id: 'ev_polite1', name: 'eval_polite', version: 1, status: 'archived' },
];
const list = async () => rows;

async function failure(ref: string) {
  try {
    await resolveEvalRef(ref, list);
  } catch (error) {
    if (isAppError(error)) {
      return error;
    }
    throw error;
  }
  throw new Error(`${ref} resolved`);
}

describe('resolveEvalRef (evals show/activate/run/export take a name, #14)', () => {
  it('takes an id as it is, without listing', async () => {
    const never = () => Promise.reject(new Error('listed'));
    expect(await resolveEvalRef('ev_refund1', never)).toBe('ev_refund1');
  });

  it("answers a name's only version, else its active one, and NAME@VERSION", async () => {
    expect(await resolveEvalRef('eval_tone', list)).toBe('ev_tone1');
    expect(await resolveEvalRef('eval_refund', list)).toBe('ev_refund2');
    expect(await resolveEvalRef('eval_refund@3', list)).toBe('ev_refund3');
    expect(await resolveEvalRef('eval_refund@v1', list)).toBe('ev_refund1');
    // as `evals list` prints it
    expect(await resolveEvalRef('eval_refund v3', list)).toBe('ev_refund3');
  });

  it('lists the ids of a name with several versions and none active', async () => {
    const error = await failure('eval_polite');
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toContain('ev_polite2 (eval_polite v2, candidate)');
    expect(error.message).toContain('ev_polite1 (eval_polite v1, archived)');
    expect(error.message).toContain('NAME@VERSION');
  });

  it('lists the ids when evals of two agents share the name', async () => {
    const shared = [
      { id: 'ev_a', name: 'eval_same', version: 1, status: 'active' },
      { id: 'ev_b', name: 'eval_same', version: 1, status: 'active' },
    ];
    const error = await resolveEvalRef('eval_same', async () => shared).catch((e) => e);
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toMatch(/ev_a .*ev_b /);
    const versioned = await resolveEvalRef('eval_same@1', async () => shared).catch((e) => e);
    expect(versioned.code).toBe('VALIDATION');
  });

  it('answers NOT_FOUND for an unknown name or version, naming the versions there are', async () => {
    expect((await failure('eval_nope')).code).toBe('NOT_FOUND');
    const version = await failure('eval_tone@4');
    expect(version.code).toBe('NOT_FOUND');
    expect(version.message).toContain('ev_tone1 (eval_tone v1, candidate)');
  });
});
