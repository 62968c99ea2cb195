import type { Command } from 'commander';
import { onePage } from '@/core/page';
import { createLocalBackend } from '../backend/local-backend';
import { addBackendOptions, type BackendFlags, withBackend } from '../backend/with-backend';
import type { CliIo } from '../cli-io';
import { serverUrlOf } from '../database-options';
import { formatJudge, formatQuality, formatRules } from '../format-generation';
import { formatTable } from '../format-table';
import { printResult } from '../print-result';
import { resolveEvalRef } from '../resolve-eval-ref';
import { EVAL_ARG, type Flags, type HttpFlags, type Kit, kappa, overHttp } from './evals-kit';

/** Lists eval versions with their held-out agreement. */
export function addList({ io, sub, run }: Kit) {
  overHttp(
    sub('list', 'List eval versions with their held-out agreement (over HTTP with --url)'),
  ).action(async (flags: Flags & HttpFlags) => {
    const url = serverUrlOf(io, flags);
    const http = url && (await import('../backend/http-backend'));
    const rows = http
      ? await http.createHttpBackend(url, flags.key ?? io.env.IOFOLD_API_KEY).listEvals()
      : await run(flags, 'evals-list', (ctx) => createLocalBackend(ctx).listEvals());
    printResult(io, flags.json, onePage(rows), () =>
      formatTable(rows, [
        { header: 'id', value: (r) => r.id },
        { header: 'name', value: (r) => `${r.name} v${r.version}` },
        { header: 'status', value: (r) => r.status },
        { header: 'generator', value: (r) => r.generator },
        { header: 'kappa', value: (r) => kappa(r.heldOutMetrics) },
        { header: 'created', value: (r) => new Date(r.createdAt) },
      ]),
    );
  });
}

/** Shows one version, locally or over HTTP. */
export function addShow(group: Command, io: CliIo) {
  addBackendOptions(group.command('show'))
    .description('Show one eval version: metrics and code (also over HTTP with --url)')
    .argument('<eval>', EVAL_ARG)
    .action(async (id: string, flags: BackendFlags) => {
      const row = await withBackend(io, flags, 'evals-show', async (backend) =>
        backend.getEval(await resolveEvalRef(id, () => backend.listEvals())),
      );
      printResult(
        io,
        flags.json,
        row,
        () =>
          `${row.name} v${row.version} (${row.id}), ${row.status}, ${row.generator}, built from ${row.trainingTraceCount} labels\n${formatQuality(row)}\n${formatRules(row.rules ?? [])}${formatJudge(row.judge)}\n${row.code}\n`,
      );
    });
}
