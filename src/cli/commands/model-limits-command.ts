import type { Command } from 'commander';
import type { Ctx } from '@/core/context';
import { AppError } from '@/core/errors';
import type { ModelLimits, ModelLimitsView } from '@/evals/bridge/model-limits';
import type { CliIo } from '../cli-io';
import { formatTable } from '../format-table';
import { printResult } from '../print-result';
import type { WorkspaceFlags } from './workspace-command-kit';

type Kit = {
  io: CliIo;
  sub: (name: string, description: string) => Command;
  run: <T>(flags: WorkspaceFlags, command: string, use: (ctx: Ctx) => Promise<T>) => Promise<T>;
};

/** `FIELD=VALUE` pairs as the API takes them: a number, or `default` (null) to clear it. */
export function parseLimitChanges(pairs: string[]): Record<string, number | string | null> {
  return Object.fromEntries(
    pairs.map((pair) => {
      const match = /^([A-Za-z]+)=(.+)$/.exec(pair);
      if (!match) {
        throw new AppError(
          'VALIDATION',
          `"${pair}": write a limit as FIELD=VALUE, e.g. concurrency=4`,
        );
      }
      const [, field, value] = match as unknown as [string, string, string];
      const number = Number(value);
      return [field, value === 'default' ? null : Number.isFinite(number) ? number : value];
    }),
  );
}

/** Shows or sets the workspace's limits on model calls by evals that ask a model. */
export function addModelLimits({ io, sub, run }: Kit) {
  sub(
    'model-limits',
    "Show or set the workspace's limits on model calls (judge/ask): FIELD=VALUE, or FIELD=default",
  )
    .argument('[changes...]', 'e.g. maxCallsPerRun=200 concurrency=4 maxCostUsdPerDay=default')
    .action(async (changes: string[], flags: WorkspaceFlags) => {
      const parsed = parseLimitChanges(changes);
      const view = await run(flags, 'evals-model-limits', async (ctx) => {
        const limits = await import('@/evals/bridge/model-limits');
        return changes.length === 0
          ? limits.getModelLimits(ctx)
          : limits.updateModelLimits(ctx, parsed as Parameters<typeof limits.updateModelLimits>[1]);
      });
      printResult(io, flags.json, view, () => formatLimits(view));
    });
}

function formatLimits(view: ModelLimitsView): string {
  const rows = (Object.keys(view.effective) as (keyof ModelLimits)[]).map((limit) => ({
    limit,
    value: view.effective[limit],
    set: limit in view.overrides ? 'workspace' : 'default',
    ceiling: view.ceilings ? view.ceilings[limit] : '-',
  }));
  const table = formatTable(rows, [
    { header: 'limit', value: (r) => r.limit },
    { header: 'value', value: (r) => r.value },
    { header: 'from', value: (r) => r.set },
    { header: "server's ceiling", value: (r) => r.ceiling },
  ]);
  const { calls, costUsd } = view.today;
  return `${table}today: ${calls} model calls, $${costUsd.toFixed(6)}\n`;
}
