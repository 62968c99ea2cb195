import { createApp } from '@/api/app';
import type { Deps } from '@/core/context';
import { newId, systemClock } from '@/core/ids';
import { createJsonLogger } from '@/core/logger';
import { createUnavailableSandbox } from '@/core/ports/sandbox';
import { IOFOLD_VERSION } from '@/core/version';
import { createDb } from '@/db/client';

export type WorkerEnv = { DB: D1Database };

const depsByEnv = new WeakMap<WorkerEnv, Deps>();

/** Wiring only: wraps the D1 binding (memoised per env object) and serves the same app. */
function resolveDeps(env: unknown): Deps {
  const bindings = env as WorkerEnv;
  let deps = depsByEnv.get(bindings);
  if (!deps) {
    deps = {
      db: createDb(bindings.DB),
      sandbox: createUnavailableSandbox('no sandbox service is configured for this Worker'),
      log: createJsonLogger((line) => console.log(line), { host: 'worker' }),
      now: systemClock,
      newId,
      version: IOFOLD_VERSION,
    };
    depsByEnv.set(bindings, deps);
  }
  return deps;
}

const app = createApp(resolveDeps);

export default { fetch: app.fetch } satisfies ExportedHandler<WorkerEnv>;
