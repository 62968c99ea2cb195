import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeConfigFromEnv } from '@/core/config';
import { silentLogger } from '@/core/logger';
import { type NodeHost, startNodeHost } from '@/hosts/node';

const dataDir = mkdtempSync(join(tmpdir(), 'iofold-host-'));
let host: NodeHost;

beforeAll(async () => {
  host = await startNodeHost(nodeConfigFromEnv({}, { dataDir, port: 0 }), silentLogger);
});
afterAll(async () => {
  await host?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('Node host', () => {
  it('creates and migrates a fresh database file and answers /health over real HTTP', async () => {
    const response = await fetch(`${host.url}/health`);
    const body = (await response.json()) as {
      ok: boolean;
      status: string;
      database: { ok: boolean };
    };
    expect(response.status).toBe(200);
    expect({ ok: body.ok, status: body.status, database: body.database.ok }).toEqual({
      ok: true,
      status: 'green',
      database: true,
    });
    expect(response.headers.get('x-request-id')).toBeTruthy();
  });
});
