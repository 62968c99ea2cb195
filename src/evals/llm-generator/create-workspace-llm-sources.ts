import type { Ctx } from '@/core/context';
import { cachedProvider } from '@/llm/cached-provider';
import { createDbLlmCache } from '@/llm/create-db-llm-cache';
import type { LlmEnv, LlmIntegrationRecord } from '@/llm/resolve-llm-config';
import { resolveLlmProvider } from '@/llm/resolve-llm-provider';
import type { CandidateSource } from '../generation/candidate-sources';
import { createLlmCandidateSource } from './create-llm-candidate-source';
import type { GenerateLlmCandidatesResult } from './types';

/**
 * The candidate sources a generation job passes to `generateEval`: the LLM generator behind the
 * workspace's response cache when a model is configured (integration first, then environment),
 * none otherwise — the offline synthesiser still runs.
 */
export function createWorkspaceLlmSources(
  ctx: Pick<Ctx, 'db' | 'workspaceId' | 'log' | 'outboundFetch'>,
  input: {
    env?: LlmEnv;
    integration?: LlmIntegrationRecord | null;
    count?: number;
    onResult?(result: GenerateLlmCandidatesResult): void;
  },
): { sources: CandidateSource[]; configured: boolean; model?: string; message?: string } {
  // a member chose an integration's base URL: it goes through the host's guarded fetch
  const guarded = input.integration && ctx.outboundFetch ? { fetch: ctx.outboundFetch } : undefined;
  const resolution = resolveLlmProvider({
    env: input.env,
    integration: input.integration,
    ...(guarded ? { overrides: guarded } : {}),
  });
  if (!resolution.configured) {
    return { sources: [], configured: false, message: resolution.message };
  }
  const provider = cachedProvider(resolution.provider, createDbLlmCache(ctx.db, ctx.workspaceId), {
    onCacheError: (error) => ctx.log.warn('llm cache unavailable', { error: String(error) }),
  });
  return {
    sources: [createLlmCandidateSource({ provider, count: input.count, onResult: input.onResult })],
    configured: true,
    model: resolution.model,
  };
}
