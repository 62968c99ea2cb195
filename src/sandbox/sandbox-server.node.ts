import { createHash, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Sandbox } from '@/core/ports/sandbox';
import { CheckRequest, MAX_REQUEST_BYTES, RunRequest, SANDBOX_PATHS } from './wire';

export type SandboxServerOptions = {
  sandbox: Sandbox;
  /** Shared secret the client sends as `Authorization: Bearer <secret>` (at least 16 chars). */
  secret: string;
  port: number;
  host?: string;
};

export type SandboxServer = { url: string; port: number; close(): Promise<void> };

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Builds the remote-sandbox HTTP app (exported for tests without a socket). */
export function createSandboxApp(sandbox: Sandbox, secret: string): Hono {
  if (secret.length < 16) {
    throw new Error('the sandbox server secret must be at least 16 characters');
  }
  const expected = digest(`Bearer ${secret}`);
  const app = new Hono();
  app.use('*', async (c, next) => {
    const given = digest(c.req.header('authorization') ?? '');
    if (!timingSafeEqual(given, expected)) {
      return c.json(
        { error: { code: 'UNAUTHORIZED', message: 'missing or wrong sandbox secret' } },
        401,
      );
    }
    return next();
  });
  app.use(
    '*',
    bodyLimit({
      maxSize: MAX_REQUEST_BYTES,
      onError: (c) =>
        c.json({ error: { code: 'LIMIT_EXCEEDED', message: 'request body too large' } }, 413),
    }),
  );
  app.get(SANDBOX_PATHS.status, async (c) => c.json(await sandbox.status()));
  app.post(SANDBOX_PATHS.check, async (c) => {
    const body = CheckRequest.safeParse(await c.req.json().catch(() => null));
    if (!body.success) {
      return c.json({ error: { code: 'VALIDATION', message: body.error.message } }, 400);
    }
    return c.json(await sandbox.check(body.data.code, body.data.workspaceId));
  });
  app.post(SANDBOX_PATHS.run, async (c) => {
    const body = RunRequest.safeParse(await c.req.json().catch(() => null));
    if (!body.success) {
      return c.json(
        { error: { code: 'VALIDATION', message: body.error.message.slice(0, 2000) } },
        400,
      );
    }
    return c.json(await sandbox.runEval({ ...body.data, signal: c.req.raw.signal }));
  });
  return app;
}

/** Serves a Sandbox over HTTP for remote hosts (`iofold sandbox serve`). */
export async function startSandboxServer(options: SandboxServerOptions): Promise<SandboxServer> {
  const app = createSandboxApp(options.sandbox, options.secret);
  const hostname = options.host ?? '127.0.0.1';
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname, port: options.port }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${hostname}:${port}`,
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
