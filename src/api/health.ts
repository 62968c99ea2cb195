import { sql } from 'drizzle-orm';
import { Hono } from 'hono';
import { unreadableCeilings } from '@/core/pick-llm-env';
import { resolveLlmConfig } from '@/llm/resolve-llm-config';
import { sandboxUnavailableReason } from '@/sandbox/assert-sandbox-available';
import type { AppEnv } from './env';

/**
 * `GET /health`: version, database round trip, sandbox layers and the host's model provider
 * (name and model only, from the environment; workspace integrations come first). Unauthenticated.
 * `green`; `degraded` (200) when the sandbox cannot run evals or a model ceiling variable is
 * unreadable (named, never its value), with the reasons; `red` (503) when the database does not
 * answer.
 */
export const healthRoutes = new Hono<AppEnv>().get('/health', async (c) => {
  const deps = c.get('deps');
  const started = performance.now();
  let database: { ok: boolean; latencyMs?: number; error?: string };
  try {
    await deps.db.run(sql`select 1`);
    database = { ok: true, latencyMs: Math.round((performance.now() - started) * 100) / 100 };
  } catch (error) {
    // Unauthenticated: the driver's message (paths, SQL) goes to the log, not to the caller.
    deps.log.error('health: the database did not answer', {
      requestId: c.get('requestId'),
      error: error instanceof Error ? error.message : String(error),
    });
    database = { ok: false, error: 'the database did not answer' };
  }
  const sandbox = await deps.sandbox.status();
  const llm = resolveLlmConfig({ env: deps.llmEnv ?? {} });
  const model = llm.ok
    ? { configured: true, name: llm.config.name ?? `${llm.config.kind}:${llm.config.model}` }
    : { configured: false, message: llm.message };
  const ok = database.ok;
  const reasons = [
    ...(database.ok ? [] : [`database: ${database.error}`]),
    ...(sandbox.available ? [] : [`sandbox: ${sandboxUnavailableReason(sandbox)}`]),
    ...unreadableCeilings(deps.llmEnv ?? {}).map(
      (name) => `model ceilings: ${name} is not a number ≥ 0, so its default applies`,
    ),
  ];
  const status = !ok ? 'red' : reasons.length > 0 ? 'degraded' : 'green';
  return c.json(
    { ok, status, reasons, version: deps.version, database, sandbox, model },
    ok ? 200 : 503,
  );
});
