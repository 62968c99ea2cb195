import type { Ctx } from '@/core/context';
import { isAppError } from '@/core/errors';
import { addressPolicyFrom } from '@/core/outbound/address-policy';
import { createGuardedFetch } from '@/core/outbound/guarded-fetch';
import type { Tool } from '@/db/schema';
import { type ToolResult, toolError, toolResult } from '../call/tool-result';
import { decryptToolSecret } from '../registry/tool-secret';
import type { WebhookToolConfig } from './register-webhook-tool';

export const WEBHOOK_TIMEOUT_MS = 10_000;
/** Largest webhook body read; past it the rest is dropped and the result marked truncated. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

async function readCapped(response: Response): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) {
    return '';
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) {
      break;
    }
    chunks.push(value);
    size += value.length;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      break;
    }
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return new TextDecoder().decode(bytes);
}

/**
 * Calls an HTTP webhook tool: POSTs the arguments as JSON with the tool's (decrypted) headers.
 * Never throws for the endpoint's failures: a refused private address, a timeout (10 s by
 * default), a network error or a non-2xx answer come back as tool error results.
 */
export async function callWebhookTool(
  ctx: Pick<Ctx, 'secrets' | 'outboundFetch'>,
  tool: Pick<Tool, 'name' | 'config'>,
  args: unknown,
  options: { timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<ToolResult> {
  const config = tool.config as WebhookToolConfig;
  const timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  // hosts without a guarded fetch still never reach private addresses from a webhook tool
  const send = ctx.outboundFetch ?? createGuardedFetch({ policy: addressPolicyFrom(undefined) });
  const headers = (await decryptToolSecret(ctx, config.secret)) ?? {};
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  try {
    const response = await send(config.url, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify(args ?? {}),
      signal,
    });
    const body = await readCapped(response);
    if (!response.ok) {
      return toolError(`webhook ${tool.name} answered ${response.status}: ${body.slice(0, 2000)}`);
    }
    return toolResult(body, false);
  } catch (error) {
    if (timeout.aborted) {
      return toolError(`webhook ${tool.name} timed out after ${timeoutMs} ms`);
    }
    const message = isAppError(error) || error instanceof Error ? error.message : String(error);
    return toolError(`webhook ${tool.name} failed: ${message}`);
  }
}
