import { afterEach, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '@/api/testing';

let api: TestApi;
afterEach(() => api?.close());

describe('agents and versions', () => {
  it("lints a new version with the workspace's rules and the agent's tools, against its parent", async () => {
    api = await createTestApi();
    const agentId = (
      await api.json('POST', '/v1/agents', {
        name: 'shop',
        promptTemplate: 'You help {{customer}}. Use lookup_order for orders.',
      })
    ).body.id;
    // an agent's first prompt is a manual edit too: linted with the workspace's rules
    await api.json('POST', '/v1/prompt-practices', {
      category: 'tone',
      title: 'Plain words',
      rule: 'Say it plainly.',
      lint: { kind: 'forbid', words: ['leverage'] },
    });
    const first = await api.json('POST', '/v1/agents', {
      name: 'jargon',
      promptTemplate: 'You leverage synergies.\nYou leverage synergies.',
    });
    expect(first.status).toBe(201);
    expect(first.body.lints).toEqual([
      expect.objectContaining({ lint: 'duplicate_lines' }),
      expect.objectContaining({ lint: 'forbid', message: '"leverage" (Plain words)' }),
    ]);
    const bare = await api.json('POST', '/v1/agents', { name: 'bare' });
    expect(bare.body.lints).toEqual([]);
    const tool = await api.json('POST', '/v1/tools', {
      name: 'lookup_order',
      inputSchema: { type: 'object', properties: {} },
    });
    await api.json('PUT', `/v1/agents/${agentId}/tools/${tool.body.id}`, { mode: 'replay' });
    const rule = await api.json('POST', '/v1/prompt-practices', {
      category: 'tone',
      title: 'No promises',
      rule: 'Never promise an outcome the tools cannot check.',
      lint: { kind: 'forbid', words: ['guarantee'] },
    });
    const version = await api.json('POST', `/v1/agents/${agentId}/versions`, {
      promptTemplate: 'You help customers. We guarantee a refund.',
    });
    expect(version.status).toBe(201);
    expect(version.body.status).toBe('candidate');
    expect(version.body.lints).toEqual([
      {
        lint: 'placeholders',
        message: 'the edit drops {{customer}}',
        practiceId: 'iofold.keep_placeholders',
      },
      {
        lint: 'tools_named',
        message: expect.stringContaining('never names the tool lookup_order'),
        practiceId: 'iofold.name_tools',
      },
      { lint: 'forbid', message: '"guarantee" (No promises)', practiceId: rule.body.id },
    ]);
    const clean = await api.json('POST', `/v1/agents/${agentId}/versions`, {
      promptTemplate: 'You help {{customer}}. Use lookup_order for orders; say when it fails.',
    });
    expect(clean.body.lints).toEqual([]);
  });

  it('creates an agent with an active version 1, adds, promotes and rejects versions', async () => {
    api = await createTestApi();
    const created = await api.json('POST', '/v1/agents', {
      name: 'support',
      promptTemplate: 'You help {{customer}} with {{product}}.',
    });
    expect(created.status).toBe(201);
    const agentId = created.body.id;
    const detail = await api.json('GET', `/v1/agents/${agentId}`);
    expect(detail.body.versions).toEqual([
      expect.objectContaining({ version: 1, status: 'active', variables: ['customer', 'product'] }),
    ]);
    expect(detail.body.activeVersionId).toBe(detail.body.versions[0].id);
    const v1 = detail.body.versions[0].id;

    const v2 = await api.json('POST', `/v1/agents/${agentId}/versions`, { promptTemplate: 'v2' });
    expect(v2.body).toMatchObject({ version: 2, status: 'candidate', parentVersionId: v1 });
    const promoted = await api.json('POST', `/v1/agents/${agentId}/versions/${v2.body.id}/promote`);
    expect(promoted.body.activeVersionId).toBe(v2.body.id);
    expect(promoted.body.versions.map((v: { status: string }) => v.status)).toEqual([
      'active',
      'archived',
    ]);
    expect(
      (await api.json('POST', `/v1/agents/${agentId}/versions/${v2.body.id}/reject`)).status,
    ).toBe(412);
    const rejected = await api.json('POST', `/v1/agents/${agentId}/versions/${v1}/reject`);
    expect(rejected.body.status).toBe('rejected');
    expect((await api.json('POST', `/v1/agents/${agentId}/versions/${v1}/promote`)).status).toBe(
      412,
    );
  });

  it('renames, archives (hidden from the default list) and rejects duplicate names', async () => {
    api = await createTestApi();
    const a = await api.json('POST', '/v1/agents', { name: 'a' });
    await api.json('POST', '/v1/agents', { name: 'b' });
    expect((await api.json('POST', '/v1/agents', { name: 'a' })).status).toBe(409);
    expect((await api.json('PATCH', `/v1/agents/${a.body.id}`, { name: 'b' })).status).toBe(409);
    expect(
      (await api.json('PATCH', `/v1/agents/${a.body.id}`, { description: 'x' })).body.description,
    ).toBe('x');
    expect((await api.json('POST', `/v1/agents/${a.body.id}/archive`)).body.status).toBe(
      'archived',
    );
    expect(
      (await api.json('GET', '/v1/agents')).body.data.map((x: { name: string }) => x.name),
    ).toEqual(['b']);
    expect((await api.json('GET', '/v1/agents?status=archived')).body.data).toHaveLength(1);
  });
});
