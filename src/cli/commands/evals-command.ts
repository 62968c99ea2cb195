import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { Ctx, Deps } from '@/core/context';
import { onePage } from '@/core/page';
import { generationStages, stageIndex } from '@/evals/generation/generation-stages';
import type { GenerationJobResult } from '@/evals/jobs/eval-job-handlers';
import type { RunEvalSummary } from '@/evals/runs/run-eval-version';
import { createLocalBackend } from '../backend/local-backend';
import { addBackendOptions, type BackendFlags, withBackend } from '../backend/with-backend';
import { cliDeps } from '../cli-deps';
import type { CliIo } from '../cli-io';
import {
  configFromFlags,
  localConfigFromFlags,
  serverUrlOf,
  withDatabase,
} from '../database-options';
import { pickAgentId } from '../evals-queries';
import { formatGeneration, formatJudge, formatQuality, formatRules } from '../format-generation';
import { formatTable } from '../format-table';
import { parseIntegerOption } from '../parse-integer-option';
import { examplesText, printResult } from '../print-result';
import { createProgressBar } from '../progress-bar';
import { resolveEvalRef } from '../resolve-eval-ref';
import { resolveWorkspaceCtx } from '../resolve-workspace';
import { runJobHere } from '../run-job-here';
import { addModelLimits } from './model-limits-command';
import { type WorkspaceFlags, workspaceCommandKit } from './workspace-command-kit';

/** Generation stages (the job logs each as it starts; the progress line already says it). */
const STAGES = generationStages('eval.generate');

type Flags = WorkspaceFlags;
type Use<T> = (ctx: Ctx) => Promise<T>;
type Run = <T>(flags: Flags, command: string, use: Use<T>, sandbox?: boolean) => Promise<T>;
/** What each subcommand needs: output, a subcommand with the database options, and a runner. */
type Kit = { io: CliIo; sub: (name: string, description: string) => Command; run: Run };

type HttpFlags = { url?: string; key?: string };
/** The options of a subcommand that also works against a server. */
const overHttp = (command: Command) =>
  command
    .option('--url <url>', 'a server instead of the local database (env IOFOLD_URL)')
    .option('--key <secret>', 'with a server: API key, sk-if-… (env IOFOLD_API_KEY)');

/** The eval version a command's argument names (an id, a name or NAME@VERSION), in ctx's workspace. */
const evalIdIn = (ctx: Ctx, ref: string) =>
  resolveEvalRef(ref, () => createLocalBackend(ctx).listEvals());
const EVAL_ARG =
  "eval version id, or the eval's name (its only or active version; NAME@VERSION for another)";

const kappa = (m: { kappa: number | null } | null) =>
  m?.kappa === null || m?.kappa === undefined ? '-' : m.kappa.toFixed(2);

export function registerEvalsCommand(program: Command, io: CliIo) {
  const group = program
    .command('evals')
    .description(
      'Eval functions: generate from labels, list, show, run, refine, export, activate, model limits',
    )
    .addHelpText(
      'after',
      examplesText([
        'iofold evals generate --workspace demo',
        'iofold evals list --workspace demo',
        'iofold evals show eval_refund_check --workspace demo',
        'iofold evals export EVAL_ID --out ./evals',
      ]),
    );
  const { sub } = workspaceCommandKit(io, group);

  /** Opens the database with a sandbox when asked, and runs `use` in the workspace. */
  const run: Run = async (flags, command, use, sandbox = false) =>
    withDatabase(localConfigFromFlags(io, flags, command), async (handle) => {
      const overrides: Partial<Deps> = { llmEnv: configFromFlags(io, flags).llmEnv };
      if (sandbox && io.env.IOFOLD_SANDBOX !== 'off') {
        const { createPyodideSandbox } = await import('@/sandbox/pyodide-sandbox.node.js');
        overrides.sandbox = createPyodideSandbox();
      }
      const deps = cliDeps(handle.db, overrides);
      try {
        return await use(await resolveWorkspaceCtx(deps, flags.workspace, command));
      } finally {
        await deps.sandbox.close();
      }
    });

  addGenerate({ io, sub, run });
  addList({ io, sub, run });
  addShow(group, io);
  addActivate({ io, sub, run });
  addRun({ io, sub, run });
  addRefine({ io, sub, run });
  addExport({ io, sub, run });
  addModelLimits({ io, sub, run });
}

/** Generates an eval from the labels (offline synthesiser, candidates in the sandbox). */
function addGenerate({ io, sub, run }: Kit) {
  overHttp(
    sub(
      'generate',
      'Generate an eval from the labelled traces of an agent (offline synthesiser; runs candidates in the sandbox; over HTTP with --url)',
    ),
  )
    .option('--agent <id>', 'agent id (default: the workspace agent with the most traces)')
    .option(
      '--name <eval_name>',
      'function name, eval_[a-z0-9_] (default: one derived from the rules, unique for the agent)',
    )
    .option('--folds <k>', 'cross-validation folds (2-10)', parseIntegerOption, 5)
    .option('--seed <n>', 'random seed for the folds', parseIntegerOption, 1)
    .option(
      '--force',
      'create a version even when no candidate clearly beats always giving the majority verdict',
    )
    .addHelpText(
      'after',
      examplesText([
        'iofold evals generate --workspace demo',
        'iofold evals generate --workspace demo --name eval_confirms_writes --json',
      ]),
    )
    .action(
      async (
        flags: Flags &
          HttpFlags & {
            agent?: string;
            name?: string;
            folds: number;
            seed: number;
            force?: boolean;
          },
      ) => {
        const request = {
          ...(flags.name ? { name: flags.name } : {}),
          ...(flags.force ? { force: true } : {}),
          folds: flags.folds,
          seed: flags.seed,
        };
        const url = serverUrlOf(io, flags);
        if (url) {
          const { generateOverHttp } = await import('../generate-over-http');
          const key = flags.key ?? io.env.IOFOLD_API_KEY;
          const result = await generateOverHttp(io, url, key, { ...request, agentId: flags.agent });
          printResult(io, flags.json, result, () => formatGeneration(result));
          return;
        }
        const result = await run(
          flags,
          'evals-generate',
          async (ctx) => {
            const { requestEvalGeneration } = await import('@/evals/api/request-eval-jobs');
            const agentId = await pickAgentId(ctx, flags.agent);
            const { jobId } = await requestEvalGeneration(ctx, agentId, request);
            io.err(`job ${jobId} (iofold jobs list; the dashboard's Jobs screen)\n`);
            let last = '';
            const job = await runJobHere(ctx, jobId, {
              progress: (p) => {
                const line = `${Math.round(p.percent)}% ${p.message ?? ''}`;
                if (line !== last) {
                  last = line;
                  io.err(`${line}\n`);
                }
              },
              // a stage's log line repeats its progress line, and what is logged at 100% the
              // result below says again; other lines say something new
              log: (line) => {
                if (stageIndex(STAGES, line) < 0 && !last.startsWith('100%')) {
                  io.err(`  ${line}\n`);
                }
              },
            });
            return job.result as GenerationJobResult;
          },
          true,
        );
        printResult(io, flags.json, result, () => formatGeneration(result));
      },
    );
}

/** Lists eval versions with their held-out agreement. */
function addList({ io, sub, run }: Kit) {
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
function addShow(group: Command, io: CliIo) {
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

/** Activates a version. */
function addActivate({ io, sub, run }: Kit) {
  sub('activate', 'Make this version the active one (the one that runs on new traces)')
    .argument('<eval>', EVAL_ARG)
    .action(async (id: string, flags: Flags) => {
      const row = await run(
        flags,
        'evals-activate',
        async (ctx) => {
          const { activateAndRun } = await import('@/evals/versions/activate-and-run');
          const { toActivatedEvalView } = await import('@/evals/api/eval-views');
          const activated = toActivatedEvalView(await activateAndRun(ctx, await evalIdIn(ctx, id)));
          if (activated.runJobId) {
            io.err(
              `running it on the ${activated.notRun} traces it has not judged (job ${activated.runJobId})\n`,
            );
            const bar = createProgressBar(io, 'running');
            await runJobHere(ctx, activated.runJobId, {
              progress: (p) => bar.update(p.done, p.total),
            });
            bar.finish(`judged ${activated.notRun} traces`);
          }
          return activated;
        },
        true,
      );
      printResult(io, flags.json, row, () => `activated ${row.name} v${row.version}\n`);
    });
}

/** Runs a version over its agent's traces. */
function addRun({ io, sub, run }: Kit) {
  sub('run', "Run a version over its agent's traces in the sandbox and store the verdicts")
    .argument('<eval>', EVAL_ARG)
    .option('--only-labelled', 'only traces that carry a label')
    .action(async (id: string, flags: Flags & { onlyLabelled?: boolean }) => {
      const summary = await run(
        flags,
        'evals-run',
        async (ctx) => {
          const { requestEvalRun } = await import('@/evals/api/request-eval-jobs');
          const { jobId } = await requestEvalRun(
            ctx,
            await evalIdIn(ctx, id),
            {},
            flags.onlyLabelled ? { onlyLabelled: true } : {},
          );
          io.err(`job ${jobId} (iofold jobs list; the dashboard's Jobs screen)\n`);
          const bar = createProgressBar(io, 'running');
          const job = await runJobHere(ctx, jobId, {
            progress: (p) => bar.update(p.done, p.total),
          });
          const result = job.result as RunEvalSummary;
          bar.finish(`ran on ${result.total} traces`);
          return result;
        },
        true,
      );
      printResult(
        io,
        flags.json,
        summary,
        () => `passed ${summary.passed}, failed ${summary.failed}, errors ${summary.errors}\n`,
      );
    });
}

/** Refines a version from its contradictions; with too few labels it queues nothing (exit 7). */
function addRefine({ io, sub, run }: Kit) {
  sub(
    'refine',
    'Propose a new version from the contradictions of this one (never activated; needs what generate needs)',
  )
    .argument('<eval>', EVAL_ARG)
    .action(async (id: string, flags: Flags) => {
      const result = await run(
        flags,
        'evals-refine',
        async (ctx) => {
          const { requestRefinement } = await import('@/evals/api/request-eval-jobs');
          const { jobId } = await requestRefinement(ctx, await evalIdIn(ctx, id));
          io.err(`job ${jobId} (iofold jobs list; the dashboard's Jobs screen)\n`);
          const job = await runJobHere(ctx, jobId, {
            progress: (p) => io.err(`${Math.round(p.percent)}% ${p.message ?? ''}\n`),
          });
          return job.result as {
            contradictions: number;
            evalId: string | null;
            version: number | null;
          };
        },
        true,
      );
      printResult(io, flags.json, result, () =>
        result.evalId
          ? `from ${result.contradictions} contradictions: proposed v${result.version} (${result.evalId}), not active\n`
          : `from ${result.contradictions} contradictions: no candidate beat the current version on held-out folds\n`,
      );
    });
}

/** Writes a version as Python files. */
function addExport({ io, sub, run }: Kit) {
  sub('export', 'Write a version as a Python module, a pytest file and its labelled cases')
    .argument('<eval>', EVAL_ARG)
    .option('--out <dir>', 'folder to write into', '.')
    .action(async (id: string, flags: Flags & { out: string }) => {
      const { files } = await run(flags, 'evals-export', async (ctx) =>
        (await import('@/evals/export/export-eval')).exportEval(ctx, await evalIdIn(ctx, id)),
      );
      const written = files.map((file) => {
        const path = resolve(join(flags.out, file.path));
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, file.content);
        return path;
      });
      printResult(
        io,
        flags.json,
        { files: written },
        () => `${written.map((p) => `wrote ${p}`).join('\n')}\n`,
      );
    });
}
