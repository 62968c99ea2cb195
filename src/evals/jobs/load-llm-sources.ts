import { isAppError } from '@/core/errors';
import { loadLlmIntegration } from '@/integrations/read-integration-secret';
import type { JobCtx } from '@/jobs/job-handler';
import type { LlmIntegrationRecord } from '@/llm/resolve-llm-config';
import type { CandidateSource } from '../generation/candidate-sources';
import { createWorkspaceLlmSources } from '../llm-generator/create-workspace-llm-sources';

/**
 * The LLM candidate source for a generation job: the workspace's model-provider integration
 * (key decrypted through the secrets port), else the host's settings (`ctx.llmEnv`). With no
 * model the job log says what to configure and only the offline synthesiser competes.
 */
export async function loadLlmSources(ctx: JobCtx): Promise<CandidateSource[]> {
  let integration: LlmIntegrationRecord | null = null;
  try {
    integration = await loadLlmIntegration(ctx);
  } catch (error) {
    const reason = isAppError(error) ? error.message : 'its key could not be decrypted';
    ctx.log.warn('model provider integration unreadable', { error: String(error) });
    ctx.logLine(`the model provider integration could not be read (${reason})`);
  }
  const { sources, configured, model, message } = createWorkspaceLlmSources(ctx, {
    env: ctx.llmEnv,
    integration,
    onResult: (result) => {
      const counts = { valid: 0, invalid: 0, failed: 0 };
      for (const candidate of result.candidates) {
        counts[candidate.status] += 1;
      }
      ctx.logLine(
        `LLM candidates: ${counts.valid} valid, ${counts.invalid} invalid, ${counts.failed} failed`,
      );
    },
  });
  ctx.logLine(configured ? `LLM candidates from ${model}` : `no LLM candidates: ${message}`);
  return sources;
}
