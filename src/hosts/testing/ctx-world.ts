import { afterEach, beforeEach } from 'vitest';
import type { Ctx, Deps } from '@/core/context';
import type { Db } from '@/db/client';
import { createTestCtx } from '../test-deps';

/**
 * A test file's world: before each test fresh deps over a new database and a system ctx in a new
 * workspace of it (`createTestCtx`, with `overrides` made anew per test when a function); after
 * each test the database closes. Call it at the top of the file or of a describe block.
 */
export function ctxWorld(
  overrides: Partial<Deps> | (() => Partial<Deps>) = {},
  dbOf?: (db: Db) => Db,
) {
  const world = {
    deps: undefined as unknown as Deps & { close(): void },
    ctx: undefined as unknown as Ctx,
  };
  beforeEach(async () => {
    const made = typeof overrides === 'function' ? overrides() : overrides;
    Object.assign(world, await createTestCtx(made, dbOf));
  });
  afterEach(() => world.deps.close());
  return world;
}
