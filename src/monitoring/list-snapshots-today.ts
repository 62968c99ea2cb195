import type { Ctx } from '@/core/context';
import { listSnapshots } from './list-snapshots';
import { utcDay } from './utc-day';
import { countDaySnapshots, type DayCounts } from './write-daily-snapshots';

export type DaySnapshot = DayCounts & {
  /** Today so far: counted now from the executions, not a finished day's stored snapshot. */
  partial: boolean;
};

/**
 * An eval's daily snapshots (`from`/`to` inclusive), with today counted live from its executions
 * when the range holds today: monitoring shows something on the first day, before any snapshot
 * is written (those are written once a day is over).
 */
export async function listSnapshotsWithToday(
  ctx: Ctx,
  input: { evalId: string; from?: string; to?: string },
): Promise<DaySnapshot[]> {
  const today = utcDay(ctx.now());
  const stored = (await listSnapshots(ctx, input))
    .filter((s) => s.day !== today)
    .map((s) => ({ ...s, partial: false }));
  if ((input.from && input.from > today) || (input.to && input.to < today)) {
    return stored;
  }
  const [live] = await countDaySnapshots(ctx, {
    day: today,
    workspaceId: ctx.workspaceId,
    evalId: input.evalId,
  });
  return live && live.executions > 0 ? [...stored, { ...live, partial: true }] : stored;
}
