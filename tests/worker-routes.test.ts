import { readFileSync } from 'node:fs';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '@/api/testing';
import { bundleWorker, migrateD1, seedOwnerKey } from './helpers/workerd';

/**
 * Both hosts serve one app, but the Worker builds its ports from bindings: a route that needs a
 * port the Worker lacks would answer differently there. Every registered route gets the same
 * request (an owner key, ids that do not exist, an empty JSON body) on Node and in workerd.
 * The event streams are left out: they stay open (tests/worker-jobs.test.ts covers them).
 */
let node: TestApi;
let mf: Miniflare;
let key: string;

beforeAll(async () => {
  node = await createTestApi();
  mf = new Miniflare({
    modules: true,
    script: await bundleWorker(),
    compatibilityDate: '2026-04-01',
    d1Databases: ['DB'],
    queueProducers: { JOBS: 'iofold-jobs' },
    bindings: {
      IOFOLD_SECRET_KEY: Buffer.alloc(32, 7).toString('base64'),
      SANDBOX_URL: 'http://127.0.0.1:9',
      SANDBOX_SECRET: 'routes-test-secret-0123',
    },
  });
  key = await seedOwnerKey(await migrateD1(mf), 'ws_routes');
}, 60_000);
afterAll(async () => {
  await mf?.dispose();
  node?.close();
});

describe('routes on both hosts', () => {
  it('answers every registered route with the same status on Node and in workerd', async () => {
    const routes = [
      ...new Set(
        node.app.routes
          .filter((r) => r.method !== 'ALL' && !r.path.endsWith('/events'))
          .map((r) => `${r.method} ${r.path}`),
      ),
    ];
    expect(routes.length).toBeGreaterThan(80);
    const differing: string[] = [];
    for (const route of routes) {
      const [method = 'GET', path = '/'] = route.split(' ');
      const url = path.replace(/:[a-zA-Z]+/g, 'nope');
      const init = {
        method,
        headers: { 'content-type': 'application/json' },
        redirect: 'manual' as const,
        ...(method === 'GET' || method === 'DELETE' ? {} : { body: '{}' }),
      };
      const onNode = await node.request(url, init);
      const onWorker = await mf.dispatchFetch(`http://iofold.test${url}`, {
        ...init,
        headers: { ...init.headers, authorization: `Bearer ${key}` },
      });
      await Promise.all([onNode.arrayBuffer(), onWorker.arrayBuffer()]);
      if (onNode.status !== onWorker.status) {
        differing.push(`${route}: Node ${onNode.status}, Worker ${onWorker.status}`);
      }
    }
    expect(differing).toEqual([]);
  });

  it("reaches the Worker for every route: wrangler.toml's run_worker_first covers each path", () => {
    const toml = readFileSync('wrangler.toml', 'utf8');
    const list = /run_worker_first = \[([^\]]*)\]/.exec(toml)?.[1] ?? '';
    const patterns = [...list.matchAll(/"([^"]+)"/g)].map((m) => m[1] ?? '');
    expect(patterns.length).toBeGreaterThan(0);
    const covered = (path: string) =>
      patterns.some((p) => (p.endsWith('/*') ? path.startsWith(p.slice(0, -1)) : path === p));
    const paths = [
      ...new Set(node.app.routes.filter((r) => r.method !== 'ALL').map((r) => r.path)),
    ];
    expect(paths.filter((path) => !covered(path))).toEqual([]);
  });
});
