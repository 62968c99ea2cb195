import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from '@/api/app';
import type { NodeConfig } from '@/core/config';
import type { Deps } from '@/core/context';
import { newId, systemClock } from '@/core/ids';
import type { Logger } from '@/core/logger';
import { createUnavailableSandbox } from '@/core/ports/sandbox';
import { IOFOLD_VERSION } from '@/core/version';
import { openSqliteDb } from '@/db/client.node.js';
import { createWebAssetHandler } from './web-assets';

export type NodeHost = { url: string; deps: Deps; close(): Promise<void> };

/** Wiring only: opens (and migrates) the embedded database, builds the ports, serves the app. */
export async function startNodeHost(
  config: NodeConfig & { databasePath: string; webDist?: string },
  log: Logger,
): Promise<NodeHost> {
  const database = openSqliteDb({ path: config.databasePath });
  const deps: Deps = {
    db: database.db,
    sandbox: createUnavailableSandbox('the Python sandbox is not configured in this build'),
    log,
    now: systemClock,
    newId,
    version: IOFOLD_VERSION,
  };
  const app = createApp(() => deps);
  const assets = createWebAssetHandler(config.webDist);
  const fetch = async (request: Request) => (await assets(request)) ?? app.fetch(request);
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const listening = serve({ fetch, hostname: config.host, port: config.port }, () =>
      resolve(listening),
    );
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host}:${port}`;
  log.info('iofold listening', { url, database: config.databasePath });
  return {
    url,
    deps,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await deps.sandbox.close();
      database.close();
    },
  };
}
