import { generationStages, stageIndex } from '@/evals/generation/generation-stages';
import type { GenerationJobResult } from '@/evals/jobs/eval-job-handlers';
import { serverUrlOf } from '../database-options';
import { pickAgentId } from '../evals-queries';
import { formatGeneration } from '../format-generation';
import { parseIntegerOption } from '../parse-integer-option';
import { examplesText, printResult } from '../print-result';
import { runJobHere } from '../run-job-here';
import { type Flags, type HttpFlags, type Kit, overHttp } from './evals-kit';

/** Generation stages (the job logs each as it starts; the progress line already says it). */
const STAGES = generationStages('eval.generate');

/** Generates an eval from the labels (offline synthesiser, candidates in the sandbox). */
export function addGenerate({ io, sub, run }: Kit) {
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
