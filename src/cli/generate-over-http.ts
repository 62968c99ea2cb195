import { createApiClient } from '@/api/client';
import { AppError } from '@/core/errors';
import type { Page } from '@/core/page';
import type { GenerationJobResult } from '@/evals/jobs/eval-job-handlers';
import { answer, createHttpBackend } from './backend/http-backend';
import type { CliIo } from './cli-io';
import { assertSucceeded, watchJob } from './watch-job';

/** What `iofold evals generate` asks for; the agent defaults to the one with the most traces. */
export type GenerationRequest = {
  agentId?: string;
  name?: string;
  force?: boolean;
  folds: number;
  seed: number;
};

/**
 * `iofold evals generate` against a server (`--url`, or IOFOLD_URL): the server's worker generates
 * the eval and this follows the job to its end, as `iofold jobs watch` does.
 */
export async function generateOverHttp(
  io: CliIo,
  baseUrl: string,
  secretKey: string | undefined,
  { agentId, ...body }: GenerationRequest,
): Promise<GenerationJobResult> {
  const backend = createHttpBackend(baseUrl, secretKey);
  const base = baseUrl.replace(/\/$/, '');
  const client = createApiClient(base, { secretKey });
  const id =
    agentId ??
    busiest(
      (
        await answer<Page<{ id: string; traceCount: number }>>(base, () =>
          client.v1.agents.$get({ query: {} }),
        )
      ).data,
    );
  const { jobId } = await answer<{ jobId: string }>(base, () =>
    client.v1.agents[':id'].evals.generate.$post({ param: { id }, json: body }),
  );
  io.err(`job ${jobId} on ${base} (iofold jobs watch ${jobId})\n`);
  const job = await watchJob(io, backend, jobId);
  assertSucceeded(job);
  return job.result as GenerationJobResult;
}

function busiest(agents: { id: string; traceCount: number }[]): string {
  const [first] = [...agents].sort((a, b) => b.traceCount - a.traceCount);
  if (!first) {
    throw new AppError(
      'PRECONDITION_FAILED',
      'this workspace has no agents yet: import some traces first',
    );
  }
  return first.id;
}
