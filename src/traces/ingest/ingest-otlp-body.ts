import type { Ctx } from '@/core/context';
import type { OtlpBodyInput } from '@/core/ports/ingest-threads';
import { rawBatchOf } from '@/db/raw-batch';
import { parseOtlpBody } from '../parsers/otlp/parse-otlp-body';
import { type IngestPlan, type IngestResult, ingestTraces, writePlanned } from './ingest-traces';

const NO_THREAD = Symbol('no ingest thread');

/**
 * Ingests an OTLP/HTTP body (JSON or protobuf, gzip or identity). With ingest threads and a raw
 * batch (the Node host's embedded database), a thread parses the body and plans the ingest while
 * this thread writes other requests' batches; the same statements, the same retries when another
 * writer changed a trace meanwhile, the same errors. Otherwise, or when no thread can, here.
 */
export async function ingestOtlpBody(ctx: Ctx, input: OtlpBodyInput): Promise<IngestResult> {
  const threads = ctx.ingestThreads;
  const raw = rawBatchOf(ctx.db);
  if (threads && raw) {
    try {
      return await writePlanned(ctx, async () => {
        const plan = await threads.planOtlp({
          ...input,
          workspaceId: ctx.workspaceId,
          now: ctx.now().getTime(),
        });
        if (!plan) {
          throw NO_THREAD;
        }
        if (plan.statements.length > 0) {
          await raw(plan.statements);
        }
        return plan as Omit<IngestPlan<unknown>, 'writes'>;
      });
    } catch (error) {
      if (error !== NO_THREAD) {
        throw error;
      }
    }
  }
  const traces = await parseOtlpBody(
    input.body,
    { contentType: input.contentType, contentEncoding: input.contentEncoding },
    input.limits,
  );
  return ingestTraces(ctx, { traces, owned: true });
}
