import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, runIofold, startIofoldServe } from './helpers/run-iofold';

// The data commands against a real `iofold serve` over HTTP (--url/--key or IOFOLD_URL/IOFOLD_API_KEY).
const cwd = mkdtempSync(join(tmpdir(), 'iofold-cli-http-'));
let server: RunningServer;
let key = '';
let remote: string[] = [];

beforeAll(async () => {
  server = await startIofoldServe(['--sandbox', 'off'], { cwd });
  const created = await runIofold(
    ['keys', 'create', '--name', 'cli', '--role', 'owner', '--workspace', 'demo', '--quiet'],
    { cwd },
  );
  expect(created.code, created.stderr).toBe(0);
  key = created.stdout.trim();
  remote = ['--url', server.url, '--key', key];
}, 120_000);
afterAll(async () => {
  await server?.stop();
  rmSync(cwd, { recursive: true, force: true });
});

const iofold = (args: string[], env: Record<string, string> = {}) => runIofold(args, { cwd, env });
const json = async <T>(args: string[], env: Record<string, string> = {}): Promise<T> => {
  const result = await iofold([...args, '--json'], env);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as T;
};
type Page = { data: { id: string; label: string | null }[]; nextCursor: string | null };

async function enqueueNoop(body: object): Promise<string> {
  const response = await fetch(`${server.url}/v1/jobs/noop`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(202);
  return ((await response.json()) as { id: string }).id;
}

describe('iofold over HTTP', { timeout: 120_000 }, () => {
  it('traces list answers the same page over HTTP as from the local database', async () => {
    const http = await json<Page>(['traces', 'list', '--limit', '5', ...remote]);
    const local = await json<Page>(['traces', 'list', '--limit', '5', '--workspace', 'demo']);
    expect(http.data).toHaveLength(5);
    expect(http).toEqual(local);
  });

  it('traces show and label work with IOFOLD_URL and IOFOLD_API_KEY, labelled as the key', async () => {
    const env = { IOFOLD_URL: server.url, IOFOLD_API_KEY: key };
    const page = await json<Page>(['traces', 'list', '--label', 'none', '--limit', '1'], env);
    const id = page.data[0]?.id ?? '';
    const label = await json<{ rating: string; source: string }>(
      ['label', id, 'bad', '--note', 'over http'],
      env,
    );
    expect(label).toMatchObject({ rating: 'negative', source: 'api' });
    const show = await iofold(['traces', 'show', id], env);
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toMatch(/^ {2}label bad\n {4}bad by apiKey:\S+: over http$/m);
    expect(show.stdout).toMatch(/^ {2}\[user\] /m);
    expect((await iofold(['label', id, '--clear'], env)).stdout).toBe(
      `removed your label from ${id}\n`,
    );
    expect((await json<{ label: string | null }>(['traces', 'show', id], env)).label).toBeNull();
  });

  it('jobs list, watch (the server event stream) and retry over HTTP', async () => {
    const quick = await enqueueNoop({ sleepMs: 1500 });
    const watched = await iofold(['jobs', 'watch', quick, ...remote]);
    expect(watched.code, watched.stderr).toBe(0);
    expect(watched.stdout).toMatch(new RegExp(`^${quick} noop succeeded`));
    const failing = await enqueueNoop({ failPermanently: true });
    const failed = await iofold(['jobs', 'watch', failing, ...remote]);
    expect(failed.code).toBe(2);
    expect(failed.stderr).toMatch(
      /error: job \S+ failed after 1 attempt\(s\): noop asked to fail permanently \(VALIDATION\)\n$/,
    );
    const list = await json<{ data: { id: string; status: string }[] }>([
      'jobs',
      'list',
      '--status',
      'failed',
      ...remote,
    ]);
    expect(list.data.map((j) => j.id)).toContain(failing);
    const retried = await json<{ status: string }>(['jobs', 'retry', failing, ...remote]);
    expect(retried.status).toBe('queued');
  });

  it('evals show, bad ids, a bad key, no key and an unreachable server each answer one line', async () => {
    const missing = await iofold(['evals', 'show', 'ev_nope', ...remote]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toBe('error: eval ev_nope not found (NOT_FOUND)\n');
    const trace = await iofold(['traces', 'show', 'tr_nope', ...remote]);
    expect(trace.code).toBe(3);
    const badKey = await iofold(['traces', 'list', '--url', server.url, '--key', 'sk-if-nope']);
    expect(badKey.code).toBe(4);
    expect(badKey.stderr).toMatch(/^error: .+ \(UNAUTHORIZED\)\n$/);
    const noKey = await iofold(['jobs', 'list', '--url', server.url]);
    expect(noKey.code).toBe(4);
    expect(noKey.stderr).toMatch(/^error: HTTP mode needs an API key: /);
    const closed = `http://127.0.0.1:${await freePort()}`;
    const away = await iofold(['traces', 'list', '--url', closed, '--key', key]);
    expect(away.code).toBe(9);
    expect(away.stderr).toBe(`error: cannot reach ${closed}: ECONNREFUSED (UNAVAILABLE)\n`);
  });
});

/** A port nothing listens on (taken from the OS, then released). */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
