import type { RunEvalSummary } from '@/evals/runs/run-eval-version';
import { printResult } from '../print-result';
import { createProgressBar } from '../progress-bar';
import { runJobHere } from '../run-job-here';
import { EVAL_ARG, evalIdIn, type Flags, type Kit } from './evals-kit';

/** Activates a version. */
export function addActivate({ io, sub, run }: Kit) {
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
export function addRun({ io, sub, run }: Kit) {
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
export function addRefine({ io, sub, run }: Kit) {
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
