import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { eq } from 'drizzle-orm';
import { Miniflare } from 'miniflare';
import { afterAll, describe, it } from 'vitest';
import { createApp } from '@/api/app';
import { createDb, type Db } from '@/db/client';
import * as schema from '@/db/schema';
import { createTestDeps } from '@/hosts/test-deps';
import { type FirstOwnerHost, runFirstOwnerScenario } from './helpers/first-owner-scenario';
import { bundleWorker, migrateD1 } from './helpers/workerd';

const setupToken = 'setup-token-for-tests-0123456789';
const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) {
    await cleanup();
  }
});

async function expireLinks(db: Db, email: string) {
  const [user] = await db.select().from(schema.users).where(eq(schema.users.email, email));
  await db
    .update(schema.loginTokens)
    .set({ expiresAt: new Date(Date.now() - 1000) })
    .where(eq(schema.loginTokens.userId, user?.id ?? ''));
}

async function nodeHost(): Promise<FirstOwnerHost> {
  const deps = createTestDeps({ setupToken });
  const app = createApp(() => deps);
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  cleanups.push(() => new Promise<void>((done) => server.close(() => done())), deps.close);
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setupToken,
    expireLoginLinks: (e) => expireLinks(deps.db, e),
  };
}

async function workerdHost(): Promise<FirstOwnerHost> {
  const mf = new Miniflare({
    modules: true,
    script: await bundleWorker(),
    compatibilityDate: '2026-04-01',
    d1Databases: ['DB'],
    bindings: { IOFOLD_SETUP_TOKEN: setupToken },
    host: '127.0.0.1',
    port: 0,
  });
  cleanups.push(() => mf.dispose());
  const url = (await mf.ready).toString().replace(/\/$/, '');
  const db = createDb(await migrateD1(mf));
  return { url, setupToken, expireLoginLinks: (e) => expireLinks(db, e) };
}

describe('first owner on a fresh deployment', { timeout: 120_000 }, () => {
  it('on Node: setup once, passwords, keys and links over the CLI', async () => {
    await runFirstOwnerScenario(await nodeHost());
  });

  it('in workerd: setup once, passwords, keys and links over the CLI', async () => {
    await runFirstOwnerScenario(await workerdHost());
  });
});
