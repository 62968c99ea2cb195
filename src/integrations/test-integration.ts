import { z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { assertCanWrite } from '@/auth/assert-role';
import type { Ctx } from '@/core/context';
import { inWorkspace } from '@/db/in-workspace';
import { integrations } from '@/db/schema';
import { connectionProbe } from './connection-probe';
import { getIntegrationOrThrow } from './get-integration-or-throw';
import { readIntegrationSecret } from './read-integration-secret';

export const ConnectionTest = z
  .object({
    ok: z.boolean(),
    httpStatus: z.number().int().nullable(),
    message: z.string(),
    latencyMs: z.number(),
  })
  .openapi('ConnectionTest');
export type ConnectionTest = z.infer<typeof ConnectionTest>;

const TIMEOUT_MS = 10_000;

/** Redacts the secret from any text that leaves this function (URLs, bodies, error messages). */
function scrub(text: string, secret: string | null): string {
  return (secret ? text.replaceAll(secret, '***') : text).slice(0, 500);
}

/**
 * Calls the platform with the stored credentials; the outcome is data (and is recorded on the
 * integration as status / last error), not an exception.
 */
export async function testIntegration(ctx: Ctx, input: { id: string }): Promise<ConnectionTest> {
  assertCanWrite(ctx);
  const row = await getIntegrationOrThrow(ctx, input.id);
  const secret = await readIntegrationSecret(ctx, row);
  const probe = connectionProbe(row, secret);
  const started = performance.now();
  let result: Omit<ConnectionTest, 'latencyMs'>;
  try {
    const response = await (ctx.outboundFetch ?? fetch)(probe.url, {
      headers: { accept: 'application/json', ...probe.headers },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    await response.body?.cancel();
    result = response.ok
      ? { ok: true, httpStatus: response.status, message: 'connected' }
      : {
          ok: false,
          httpStatus: response.status,
          message:
            response.status === 401 || response.status === 403
              ? `the platform rejected the credentials (HTTP ${response.status})`
              : `the platform answered HTTP ${response.status}`,
        };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    result = { ok: false, httpStatus: null, message: `could not reach ${row.baseUrl}: ${reason}` };
  }
  const message = scrub(result.message, secret);
  await ctx.db
    .update(integrations)
    .set({
      status: result.ok ? 'active' : 'error',
      lastTestedAt: ctx.now(),
      lastError: result.ok ? null : message,
    })
    .where(inWorkspace(ctx, integrations, [eq(integrations.id, row.id)]));
  return { ...result, message, latencyMs: Math.round(performance.now() - started) };
}
