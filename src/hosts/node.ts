import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from '@/api/app';
import { bootstrapOwner } from '@/auth/bootstrap-owner';
import { loginUrl } from '@/auth/login-links';
import { createAesGcmSecrets } from '@/core/aes-gcm-secrets';
import type { ResolvedNodeConfig } from '@/core/config';
import type { Deps } from '@/core/context';
import { AppError } from '@/core/errors';
import { newId, systemClock } from '@/core/ids';
import type { Logger } from '@/core/logger';
import { addressPolicyFrom } from '@/core/outbound/address-policy';
import { createGuardedFetch } from '@/core/outbound/guarded-fetch';
import { resolveHost } from '@/core/outbound/resolve-host.node.js';
import { createFileUploadStore } from '@/core/ports/file-upload-store.node.js';
import { createUnavailableSandbox, type Sandbox } from '@/core/ports/sandbox';
import { IOFOLD_VERSION } from '@/core/version';
import { openNodeDb } from '@/db/open-node-db.node.js';
import { createJobHandlers } from '@/hosts/job-handlers';
import { createDbJobQueue } from '@/jobs/create-db-job-queue';
import { createJobEventBus } from '@/jobs/create-job-event-bus';
import type { JobHandlers } from '@/jobs/job-handler';
import { type JobWorkerOptions, startJobWorker } from '@/jobs/start-job-worker';
import { startMonitoringTimer } from '@/monitoring/start-monitoring-timer';
import { createPyodideSandbox } from '@/sandbox/pyodide-sandbox.node.js';
import { applyRetention } from '@/traces/retention/apply-retention';
import { loadSecretKey, type SecretKey } from './secret-key.node.js';
import { createWebAssetHandler } from './web-assets';

/** `firstStartLoginUrl`: set when this start created the owner (print it once). */
export type NodeHost = {
  url: string;
  deps: Deps;
  secretKey: SecretKey;
  firstStartLoginUrl: string | null;
  close(): Promise<void>;
};
type Fetch = (request: Request) => Promise<Response>;

export type NodeHostOptions = {
  /** Replace job handlers (tests, diagnostics); `worker: false` runs no worker loop. */
  jobs?: { handlers?: Partial<JobHandlers>; worker?: Omit<JobWorkerOptions, 'handlers'> | false };
  /** Hourly snapshots and alerts in-process; `false` turns the timer off. */
  monitoring?: { intervalMs?: number } | false;
};

/** Wiring only: opens (and migrates) the database, loads the secrets key, serves app + dashboard. */
export async function startNodeHost(
  config: ResolvedNodeConfig & { webDist?: string },
  log: Logger,
  options: NodeHostOptions = {},
): Promise<NodeHost> {
  const secretKey = loadSecretKey(config);
  const database = await openNodeDb(config);
  const jobEvents = createJobEventBus();
  const sandbox = afterListening(() =>
    config.sandbox === 'off'
      ? createUnavailableSandbox('the Python sandbox is switched off (IOFOLD_SANDBOX=off)')
      : createPyodideSandbox(),
  );
  const deps: Deps = {
    db: database.db,
    queue: createDbJobQueue({ db: database.db, now: systemClock, newId, jobEvents }),
    jobEvents,
    sandbox: sandbox.port,
    secrets: createAesGcmSecrets(secretKey.key),
    log,
    llmEnv: config.llmEnv,
    now: systemClock,
    newId,
    version: IOFOLD_VERSION,
    uploads: createFileUploadStore(`${config.dataDir}/uploads`),
    outboundFetch: createGuardedFetch({
      policy: addressPolicyFrom(config.allowPrivateNetworks),
      resolve: resolveHost,
    }),
  };
  const app = createApp(() => deps);
  const assets = createWebAssetHandler(config.webDist);
  const fetch: Fetch = async (request) => (await assets(request)) ?? app.fetch(request);
  let server: ReturnType<typeof serve>;
  try {
    server = await listen(fetch, config);
  } catch (error) {
    await deps.sandbox.close();
    database.close();
    throw error;
  }
  setImmediate(sandbox.start);
  const workerOptions = options.jobs?.worker;
  const worker =
    workerOptions === false
      ? undefined
      : startJobWorker(deps, {
          ...workerOptions,
          handlers: createJobHandlers(options.jobs?.handlers),
        });
  const monitoring =
    options.monitoring === false
      ? undefined
      : startMonitoringTimer(deps, { ...options.monitoring, alsoRun: applyRetention });
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host}:${port}`;
  log.info('iofold listening', { url, database: database.location });
  const boot = await bootstrapOwner(deps);
  return {
    url,
    deps,
    secretKey,
    firstStartLoginUrl: boot.created ? loginUrl(url, boot.loginToken) : null,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      monitoring?.stop();
      await worker?.stop();
      await deps.sandbox.close();
      database.close();
    },
  };
}

/**
 * The sandbox, set up once the server listens (`start`, or its first use if that comes first):
 * preparing its runtime folder and planning its isolation is synchronous work that otherwise
 * delays the first answer (#17). Its processes started in the background already.
 */
function afterListening(create: () => Sandbox): { port: Sandbox; start: () => void } {
  let sandbox: Sandbox | undefined;
  let closed = false;
  const get = () => {
    sandbox ??= create();
    return sandbox;
  };
  return {
    port: {
      check: (code, workspaceId) => get().check(code, workspaceId),
      runEval: (input) => get().runEval(input),
      status: () => get().status(),
      close: async () => {
        closed = true;
        await sandbox?.close();
      },
    },
    start: () => {
      if (!closed) {
        get();
      }
    },
  };
}

function listen(fetch: Fetch, config: ResolvedNodeConfig) {
  return new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const listening = serve({ fetch, hostname: config.host, port: config.port }, () =>
      resolve(listening),
    );
    listening.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new AppError(
              'UNAVAILABLE',
              `port ${config.port} on ${config.host} is in use; pick another with --port`,
            )
          : error,
      ),
    );
  });
}
