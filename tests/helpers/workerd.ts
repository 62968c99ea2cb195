import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { newApiKeyMaterial } from '@/auth/api-key-format';
import { createDb } from '@/db/client';
import { MIGRATIONS_FOLDER } from '@/db/client.node.js';
import * as schema from '@/db/schema';

/** `src/hosts/worker.ts` bundled as wrangler does (ESM, the workerd conditions). */
export async function bundleWorker(entry = 'src/hosts/worker.ts'): Promise<string> {
  const bundle = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['workerd', 'worker', 'browser'],
    write: false,
    logLevel: 'silent',
  });
  return bundle.outputFiles[0]?.text ?? '';
}

/**
 * Two Workers on one D1 (`DB`) and one queue (producer `JOBS`, consumer `iofold-jobs`): the API
 * ('api': fetch, cron) and the queue consumer ('consumer'), in separate isolates as on Cloudflare.
 */
export async function startApiAndConsumer(
  options: { bindings?: Record<string, string>; maxRetries?: number } = {},
): Promise<Miniflare> {
  const common = {
    modules: true,
    script: await bundleWorker(),
    compatibilityDate: '2026-04-01',
    d1Databases: { DB: 'iofold-d1' },
    queueProducers: { JOBS: 'iofold-jobs' },
    bindings: options.bindings ?? {},
  };
  const retries = options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries };
  return new Miniflare({
    workers: [
      { ...common, name: 'api' },
      {
        ...common,
        name: 'consumer',
        queueConsumers: { 'iofold-jobs': { maxBatchSize: 10, maxBatchTimeout: 1, ...retries } },
      },
    ],
  });
}

// biome-ignore lint/suspicious/noExplicitAny: tests assert on arbitrary response shapes
export type ApiResponse = { status: number; body: any };
export type ApiCall = (method: string, path: string, body?: unknown) => Promise<ApiResponse>;

/** Calls the Worker's HTTP API with an API key, JSON in and out. */
export function apiCaller(mf: Miniflare, secret: string): ApiCall {
  return async (method, path, body) => {
    const response = await mf.dispatchFetch(`http://iofold.test${path}`, {
      method,
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: await response.json() };
  };
}

/** drizzle-kit SQL files, split on their statement breakpoints, in journal order. */
export function migrationStatements(): string[] {
  return readdirSync(MIGRATIONS_FOLDER)
    .filter((file) => file.endsWith('.sql'))
    .sort()
    .flatMap((file) =>
      readFileSync(join(MIGRATIONS_FOLDER, file), 'utf8').split('--> statement-breakpoint'),
    )
    .map((statement) => statement.trim())
    .filter(Boolean);
}

/** Applies every migration to the Worker's D1 binding `DB`. */
export async function migrateD1(mf: Miniflare, workerName?: string): Promise<D1Database> {
  const d1 = await mf.getD1Database('DB', workerName);
  await d1.batch(migrationStatements().map((statement) => d1.prepare(statement)));
  return d1;
}

/** A workspace with an owner API key written straight into D1; answers the secret. */
export async function seedOwnerKey(d1: D1Database, workspaceId: string): Promise<string> {
  const db = createDb(d1);
  await db.insert(schema.workspaces).values({ id: workspaceId, name: 'W', slug: workspaceId });
  const key = await newApiKeyMaterial();
  await db.insert(schema.apiKeys).values({
    id: `key_${workspaceId}`,
    workspaceId,
    name: 'seeded',
    publicKey: key.publicKey,
    secretHash: key.secretHash,
    secretHint: key.secretHint,
    role: 'owner',
  });
  return key.secret;
}
