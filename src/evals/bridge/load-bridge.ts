import type { Ctx } from '@/core/context';
import { isAppError } from '@/core/errors';
import type { LlmProvider } from '@/core/ports/llm-provider';
import { loadLlmIntegration } from '@/integrations/read-integration-secret';
import { createDbLlmCache } from '@/llm/create-db-llm-cache';
import { resolveLlmProvider } from '@/llm/resolve-llm-provider';
import type { Bridge } from './answer-questions';
import { type BridgeSettings, DEFAULT_BRIDGE_SETTINGS, emptyBridgeUsage } from './bridge-settings';
import { workspaceBridgeSettings } from './model-limits';
import { spentToday } from './spent-today';

export type BridgeOptions = {
  /** The model the eval version names; default the provider's. */
  model?: string | null;
  settings?: Partial<BridgeSettings>;
  /** Tests and benches: this provider instead of the workspace's. */
  provider?: LlmProvider;
};

export type LoadedBridge =
  | { bridge: Bridge; message?: undefined }
  | { bridge: null; message: string };

/**
 * The bridge of one eval run: the workspace's model provider (its integration, else the host's
 * settings), its response cache, its limits (`model-limits.ts`; `options.settings` over them) and
 * what the workspace already spent today.
 */
export async function loadBridge(ctx: Ctx, options: BridgeOptions = {}): Promise<LoadedBridge> {
  let provider = options.provider;
  if (!provider) {
    let integration = null;
    try {
      integration = await loadLlmIntegration(ctx);
    } catch (error) {
      const why = isAppError(error) ? error.message : 'its key could not be decrypted';
      return { bridge: null, message: `the model provider integration could not be read (${why})` };
    }
    const guarded = integration && ctx.outboundFetch ? { fetch: ctx.outboundFetch } : undefined;
    const resolution = resolveLlmProvider({
      env: ctx.llmEnv,
      integration,
      ...(guarded ? { overrides: guarded } : {}),
    });
    if (!resolution.configured) {
      return { bridge: null, message: `no model provider is configured: ${resolution.message}` };
    }
    provider = resolution.provider;
  }
  const settings = { ...(await workspaceBridgeSettings(ctx)), ...options.settings };
  const bridge = replayBridge(ctx, options.model || provider.model, settings);
  bridge.provider = provider;
  bridge.today = await spentToday(ctx);
  return { bridge };
}

/** A bridge that answers only from the workspace's cache for `model` (what an export replays). */
export function replayBridge(ctx: Ctx, model: string, settings?: Partial<BridgeSettings>): Bridge {
  return {
    provider: null,
    model,
    cache: createDbLlmCache(ctx.db, ctx.workspaceId, ctx.now),
    settings: { ...DEFAULT_BRIDGE_SETTINGS, ...settings },
    today: { calls: 0, costUsd: 0 },
    usage: emptyBridgeUsage(),
    inFlight: 0,
    served: { answers: 0, costUsd: 0, unpriced: 0 },
    keys: new Map(),
  };
}
