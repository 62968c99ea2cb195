import { createApp } from '@/api/app';
import { createAesGcmSecrets, parseSecretKey } from '@/core/aes-gcm-secrets';
import type { Deps } from '@/core/context';
import { AppError } from '@/core/errors';
import { newId, systemClock } from '@/core/ids';
import { createJsonLogger } from '@/core/logger';
import { addressPolicyFrom } from '@/core/outbound/address-policy';
import { createGuardedFetch } from '@/core/outbound/guarded-fetch';
import { pickLlmEnv } from '@/core/pick-llm-env';
import { createUnavailableSandbox } from '@/core/ports/sandbox';
import { createUnavailableSecrets } from '@/core/ports/secrets';
import { IOFOLD_VERSION } from '@/core/version';
import { createDb } from '@/db/client';
import { createJobHandlers } from '@/hosts/job-handlers';
import {
  createCloudflareJobQueue,
  type JobQueueMessage,
  type QueueProducer,
} from '@/jobs/cloudflare/create-cloudflare-job-queue';
import { handleJobBatch } from '@/jobs/cloudflare/handle-job-batch';
import { requeueExpiredJobs } from '@/jobs/cloudflare/requeue-expired-jobs';
import { createJobEventBus } from '@/jobs/create-job-event-bus';
import { runScheduledMonitoring } from '@/monitoring/start-monitoring-timer';
import { createHttpSandbox } from '@/sandbox/http-sandbox';
import { applyRetention } from '@/traces/retention/apply-retention';

/** `IOFOLD_SECRET_KEY` is a Worker secret (`wrangler secret put IOFOLD_SECRET_KEY`). */
export type WorkerEnv = {
  DB: D1Database;
  JOBS?: Queue<JobQueueMessage>;
  IOFOLD_SECRET_KEY?: string;
  /** Opens the one-time first-owner setup (`/setup`) while no user exists. */
  IOFOLD_SETUP_TOKEN?: string;
  /** The Node sandbox service (`iofold sandbox serve`) and its shared secret. */
  SANDBOX_URL?: string;
  SANDBOX_SECRET?: string;
  /** Optional server-wide model provider: IOFOLD_LLM_* or OPENAI_/ANTHROPIC_API_KEY (docs/models.md). */
  IOFOLD_LLM_PROVIDER?: string;
  IOFOLD_LLM_MODEL?: string;
  /**
   * Lets outbound calls to addresses members choose (webhook tools, integrations) reach these
   * private ranges (`true`: any), for a local workerd next to local services; unset on Cloudflare.
   */
  IOFOLD_ALLOW_PRIVATE_NETWORKS?: string;
};

/**
 * One ingest request on Workers: 5,000 spans took 1.5 s of workerd CPU (local D1 included), well
 * inside the 30 s default; 10 MiB keeps a parsed body far from the 128 MB isolate memory.
 */
const WORKER_INGEST_LIMITS = { maxBodyBytes: 10 * 1024 * 1024, maxSpansPerRequest: 5_000 };

const depsByEnv = new WeakMap<WorkerEnv, Deps>();
const handlers = createJobHandlers();

const missingQueue: QueueProducer = {
  sendBatch: async () => {
    throw new AppError('UNAVAILABLE', 'no JOBS queue binding is configured for this Worker');
  },
};

/** Wiring only: wraps the D1 and Queue bindings (memoised per env object), same app and handlers. */
function resolveDeps(env: unknown): Deps {
  const bindings = env as WorkerEnv;
  let deps = depsByEnv.get(bindings);
  if (!deps) {
    const db = createDb(bindings.DB);
    const jobEvents = createJobEventBus({ local: false });
    const queue = bindings.JOBS ?? missingQueue;
    deps = {
      db,
      queue: createCloudflareJobQueue({ db, now: systemClock, newId, jobEvents, queue }),
      jobEvents,
      sandbox:
        bindings.SANDBOX_URL && bindings.SANDBOX_SECRET
          ? createHttpSandbox({ url: bindings.SANDBOX_URL, secret: bindings.SANDBOX_SECRET })
          : createUnavailableSandbox(
              'set SANDBOX_URL and SANDBOX_SECRET to an `iofold sandbox serve` service',
            ),
      secrets: bindings.IOFOLD_SECRET_KEY
        ? createAesGcmSecrets(parseSecretKey(bindings.IOFOLD_SECRET_KEY))
        : createUnavailableSecrets('set the IOFOLD_SECRET_KEY Worker secret'),
      log: createJsonLogger((line) => console.log(line), { host: 'worker' }),
      llmEnv: pickLlmEnv(bindings),
      now: systemClock,
      newId,
      version: IOFOLD_VERSION,
      setupToken: bindings.IOFOLD_SETUP_TOKEN,
      ingestLimits: WORKER_INGEST_LIMITS,
      ...(bindings.IOFOLD_ALLOW_PRIVATE_NETWORKS
        ? {
            outboundFetch: createGuardedFetch({
              policy: addressPolicyFrom(bindings.IOFOLD_ALLOW_PRIVATE_NETWORKS),
            }),
          }
        : {}),
    };
    depsByEnv.set(bindings, deps);
  }
  return deps;
}

const app = createApp(resolveDeps);

export default {
  fetch: app.fetch,
  queue: (batch, env) => handleJobBatch(resolveDeps(env), batch.messages, { handlers }),
  scheduled: async (_controller, env) => {
    const deps = resolveDeps(env);
    await requeueExpiredJobs(deps, env.JOBS ?? missingQueue);
    await runScheduledMonitoring(deps);
    await applyRetention(deps);
  },
} satisfies ExportedHandler<WorkerEnv, JobQueueMessage>;
