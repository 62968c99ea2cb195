import { count } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { users } from '@/db/schema';
import { createTestDeps } from '@/hosts/test-deps';
import { getSetupState, setupFirstOwner } from './setup-first-owner';

const input = { token: 'the-setup-token', email: 'ada@example.com', password: 'long enough 1' };
let deps = createTestDeps();
afterEach(() => deps.close());

describe('setupFirstOwner', () => {
  it('stays closed without IOFOLD_SETUP_TOKEN and says what to set', async () => {
    deps = createTestDeps();
    expect(await getSetupState(deps)).toEqual({
      open: false,
      message: expect.stringContaining('IOFOLD_SETUP_TOKEN'),
    });
    await expect(setupFirstOwner(deps, input)).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
    });
  });

  it('lets exactly one of two racing setups create the owner', async () => {
    deps = createTestDeps({ setupToken: input.token });
    const results = await Promise.allSettled([
      setupFirstOwner(deps, input),
      setupFirstOwner(deps, { ...input, email: 'eve@example.com' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const failed = results.find((r) => r.status === 'rejected');
    expect(failed?.reason).toMatchObject({ code: 'CONFLICT' });
    const [row] = await deps.db.select({ n: count() }).from(users);
    expect(row?.n).toBe(1);
    expect((await getSetupState(deps)).open).toBe(false);
  });
});
