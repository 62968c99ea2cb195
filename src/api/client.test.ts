import { afterEach, expect, it } from 'vitest';
import { createApiClient } from './client';
import { createTestApi, type TestApi } from './testing';

let api: TestApi;
afterEach(() => api?.close());

it('calls the app through typed routes with a secret key', async () => {
  api = await createTestApi();
  const client = createApiClient('http://iofold.test', {
    secretKey: api.secretKey,
    fetch: (input, init) => Promise.resolve(api.app.request(input as string, init)),
  });
  const me = await client.v1.me.$get();
  expect(me.status).toBe(200);
  const body = await me.json();
  expect(body.workspace.id).toBe(api.workspaceId);
  const created = await client.v1['api-keys'].$post({ json: { name: 'ci', role: 'viewer' } });
  expect(created.status).toBe(201);
  if (created.status === 201) {
    const json = await created.json();
    expect(json.secretKey.startsWith('sk-if-')).toBe(true);
    expect(json.apiKey.role).toBe('viewer');
  }
});
