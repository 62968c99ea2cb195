import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAesGcmSecrets } from '@/core/aes-gcm-secrets';
import { openSqliteDb } from '@/db/client.node.js';
import { integrations, traces, workspaces } from '@/db/schema';
import { startFakeLangfuse } from '@/traces/pull/testing/fake-platforms.node';
import { langfuseTrace } from '@/traces/pull/testing/platform-records';
import { runIofold } from './helpers/run-iofold';

const cwd = mkdtempSync(join(tmpdir(), 'iofold-cli-pull-'));
const KEY = Buffer.alloc(32, 7).toString('base64');
let fake: Awaited<ReturnType<typeof startFakeLangfuse>>;

function withDb<T>(use: (db: ReturnType<typeof openSqliteDb>['db']) => Promise<T>): Promise<T> {
  const handle = openSqliteDb({ path: join(cwd, '.iofold', 'iofold.db') });
  return use(handle.db).finally(() => handle.close());
}
const countTraces = () =>
  withDb(
    async (db) => (await db.select().from(traces).where(eq(traces.source, 'langfuse'))).length,
  );

beforeAll(async () => {
  fake = await startFakeLangfuse({ publicKey: 'pk-lf-cli', secretKey: 'sk-lf-cli-secret' });
  for (let i = 0; i < 3; i++) {
    const { trace, observations } = langfuseTrace(i);
    fake.data.traces.push(trace);
    fake.data.observations.push(...observations);
  }
  const reset = await runIofold(['demo', '--reset', '--yes', '--count', '2'], { cwd });
  expect(reset.code, reset.stderr).toBe(0);
});
afterAll(async () => {
  await fake.close();
  rmSync(cwd, { recursive: true, force: true });
});

describe('iofold import --from', () => {
  it('pulls Langfuse with flags, shows progress, and is idempotent', async () => {
    const args = ['import', '--from', 'langfuse', '--url', fake.url, '--workspace', 'demo'];
    const first = await runIofold([...args, '--json'], {
      cwd,
      env: { LANGFUSE_PUBLIC_KEY: 'pk-lf-cli', LANGFUSE_SECRET_KEY: 'sk-lf-cli-secret' },
    });
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ ok: true, created: 3, records: 9 });
    expect(first.stderr).toMatch(/pulling traces 3\/3 \(100%\)/);
    expect(first.stderr).toMatch(/pulled 9 records from langfuse: 3 new traces/);
    expect(await countTraces()).toBe(3);
    const again = await runIofold(
      [...args, '--public-key', 'pk-lf-cli', '--key', 'sk-lf-cli-secret'],
      { cwd },
    );
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toBe('0 new, 0 updated from 9 records; 0 skipped\n');
    const denied = await runIofold([...args, '--public-key', 'pk-lf-cli', '--key', 'nope'], {
      cwd,
    });
    expect(denied.code).not.toBe(0);
    expect(denied.stderr).toMatch(/rejected the credentials/);
  });

  it('pulls a stored integration with its encrypted key and keeps its cursor', async () => {
    const secrets = createAesGcmSecrets(new Uint8Array(Buffer.from(KEY, 'base64')));
    const integrationId = 'int_cli_pull';
    await withDb(async (db) => {
      const [ws] = await db.select().from(workspaces).where(eq(workspaces.slug, 'demo'));
      await db.insert(integrations).values({
        id: integrationId,
        workspaceId: ws!.id,
        kind: 'langfuse',
        name: 'lf',
        baseUrl: fake.url,
        config: { publicKey: 'pk-lf-cli' },
        secretCiphertext: await secrets.encrypt('sk-lf-cli-secret'),
        createdAt: new Date(),
        updatedAt: new Date(),
      });
    });
    const { trace, observations } = langfuseTrace(3);
    fake.data.traces.push(trace);
    fake.data.observations.push(...observations);
    const run = await runIofold(
      [
        'import',
        '--from',
        'langfuse',
        '--integration',
        integrationId,
        '--workspace',
        'demo',
        '--json',
      ],
      { cwd, env: { IOFOLD_SECRET_KEY: KEY } },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ created: 1 });
    expect(await countTraces()).toBe(4);
    const [row] = await withDb((db) =>
      db
        .select()
        .from(integrations)
        .where(and(eq(integrations.id, integrationId))),
    );
    expect(row?.syncCursor).toEqual({
      traces: '2026-03-01T03:00:00.000Z',
      observations: '2026-03-01T03:00:00.100Z',
    });
    expect(row?.lastSyncedAt).not.toBeNull();
  });
});
