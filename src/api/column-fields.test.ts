import { z } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { tasksets, tasksetTasks } from '@/db/schema';
import { columnFields } from './column-fields';
import { IsoDate } from './openapi-schemas';

describe('columnFields', () => {
  const View = z.object(
    columnFields(tasksets, 'id', 'parentId', 'version', 'splitSeed', 'source', 'frozenAt'),
  );

  it('takes each field from its column: type, enum values and nullability', () => {
    const row = {
      id: 't1',
      parentId: null,
      version: 2,
      splitSeed: null,
      source: 'manual',
      frozenAt: '2026-11-27T09:00:00.000Z',
    };
    expect(View.parse(row)).toEqual(row);
    expect(View.safeParse({ ...row, id: null }).success).toBe(false);
    expect(View.safeParse({ ...row, version: 1.5 }).success).toBe(false);
    expect(View.safeParse({ ...row, source: 'elsewhere' }).success).toBe(false);
    expect(View.safeParse({ ...row, frozenAt: new Date() }).success).toBe(false);
  });

  it('shows a timestamp column as the API ISO date', () => {
    const frozenAt = View.shape.frozenAt as unknown as z.ZodNullable<typeof IsoDate>;
    expect(frozenAt.unwrap()).toBe(IsoDate);
  });

  it('refuses a JSON column: its view field names its own schema', () => {
    expect(() => columnFields(tasksetTasks, 'userTurns')).toThrow(/user_turns/);
  });
});
