import type { Deps, Role } from '@/core/context';
import { createSystemCtx } from '@/core/system-ctx';
import { createTestWorkspace } from '@/db/testing';
import { createTestDeps } from '@/hosts/test-deps';
import { seedTraces } from '@/traces/query/seed-traces';
import { createApiKey } from '@/workspaces/create-api-key';
import { type AppOptions, createApp } from './app';

export type TestClient = {
  workspaceId: string;
  keyId: string;
  publicKey: string;
  secretKey: string;
  /** `app.request` with `Authorization: Bearer <secretKey>` added. */
  request(path: string, init?: RequestInit): Promise<Response>;
  /** Sends JSON (when `body` is given) and parses the JSON answer. */
  // biome-ignore lint/suspicious/noExplicitAny: tests assert on arbitrary response shapes
  json<T = any>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
};

export type TestApi = TestClient & {
  deps: Deps;
  app: ReturnType<typeof createApp>;
  /** Another workspace (own key) on the same database: for isolation tests. */
  addWorkspace(options?: { role?: Role; name?: string }): Promise<TestClient>;
  /** Another key in an existing workspace, e.g. a viewer. */
  addKey(workspaceId: string, role: Role): Promise<TestClient>;
  close(): void;
};

/**
 * An app over a fresh in-memory database with one workspace and an API key of `role`
 * (default owner). Every request made through the returned client is authenticated.
 */
export async function createTestApi(
  options: { role?: Role; deps?: Partial<Deps>; app?: AppOptions } = {},
): Promise<TestApi> {
  const deps = createTestDeps(options.deps);
  const app = createApp(() => deps, options.app);
  const addKey = async (workspaceId: string, role: Role): Promise<TestClient> => {
    const created = await createApiKey(createSystemCtx(deps, workspaceId), {
      name: `test ${role}`,
      role,
    });
    const request = (path: string, init: RequestInit = {}) => {
      const headers = new Headers(init.headers);
      if (!headers.has('authorization')) {
        headers.set('authorization', `Bearer ${created.secretKey}`);
      }
      return Promise.resolve(app.request(path, { ...init, headers }));
    };
    return {
      workspaceId,
      keyId: created.apiKey.id,
      publicKey: created.apiKey.publicKey,
      secretKey: created.secretKey,
      request,
      async json(method, path, body) {
        const response = await request(path, {
          method,
          ...(body === undefined
            ? {}
            : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
        });
        const text = await response.text();
        return { status: response.status, body: text ? JSON.parse(text) : null };
      },
    };
  };
  const addWorkspace = async (o: { role?: Role; name?: string } = {}) => {
    const workspace = await createTestWorkspace(deps, o.name ?? 'Other');
    return addKey(workspace.id, o.role ?? 'owner');
  };
  const main = await addWorkspace({ role: options.role ?? 'owner', name: 'Test' });
  return { ...main, deps, app, addWorkspace, addKey, close: deps.close };
}

/** A response body as JSON, typed loosely for assertions. */
// biome-ignore lint/suspicious/noExplicitAny: tests assert on arbitrary response shapes
export async function readJson(response: Response): Promise<any> {
  return response.json();
}

/**
 * A `createTestApi()` with agents made through it (one per name) and `count` synthetic traces
 * spread over them in its workspace (ids start with `idPrefix` when given).
 */
export async function createTestApiWithTraces<const N extends readonly string[]>(
  names: N,
  options: { count: number; idPrefix?: string },
) {
  const api = await createTestApi();
  const agents: string[] = [];
  for (const name of names) {
    agents.push((await api.json('POST', '/v1/agents', { name })).body.id as string);
  }
  const ids = await seedTraces(api.deps.db, {
    workspaceId: api.workspaceId,
    agentIds: agents,
    ...options,
  });
  return { api, agents: agents as { [K in keyof N]: string }, ids };
}
