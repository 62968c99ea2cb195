import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonRefs } from '@/core/json-refs';
import { createTestApi, readJson, type TestApi } from './testing';

let api: TestApi;
// biome-ignore lint/suspicious/noExplicitAny: walking an arbitrary JSON document
let doc: any;
beforeAll(async () => {
  api = await createTestApi();
  doc = await readJson(await api.app.request('/v1/openapi.json'));
});
afterAll(() => api?.close());

/** Every operation's JSON body answered with `status`, its `$ref` resolved, as `method path`. */
function jsonBodies(status: string) {
  const resolve = (schema: { $ref?: string }) =>
    schema.$ref ? doc.components.schemas[schema.$ref.split('/').pop() ?? ''] : schema;
  // biome-ignore lint/suspicious/noExplicitAny: a JSON schema of the document
  const found: { method: string; path: string; body: any }[] = [];
  for (const [path, methods] of Object.entries<Record<string, { responses: object }>>(doc.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const answer = (operation.responses as Record<string, { content?: object }>)[status];
      const schema = (answer?.content as Record<string, { schema: object }> | undefined)?.[
        'application/json'
      ]?.schema;
      if (schema) {
        found.push({ method, path, body: resolve(schema) });
      }
    }
  }
  return found;
}

describe('the OpenAPI document', () => {
  it('is OpenAPI 3 with every $ref resolving to a component', () => {
    expect(doc.openapi).toMatch(/^3\./);
    for (const ref of jsonRefs(doc)) {
      const [, , section, name] = ref.split('/');
      expect(doc.components?.[section ?? '']?.[name ?? ''], ref).toBeDefined();
    }
  });

  it('describes every resource route with responses, path parameters and security', () => {
    const paths = Object.keys(doc.paths);
    for (const expected of [
      '/v1/agents/{id}/versions/{versionId}/promote',
      '/v1/traces',
      '/v1/feedback/{id}',
      '/v1/integrations/{id}/test',
      '/v1/members/{userId}',
    ]) {
      expect(paths).toContain(expected);
    }
    for (const [path, methods] of Object.entries<
      Record<
        string,
        { responses: object; parameters?: { name: string; in: string }[]; security?: unknown }
      >
    >(doc.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        expect(Object.keys(operation.responses).length, `${method} ${path}`).toBeGreaterThan(0);
        for (const param of path.match(/\{(\w+)\}/g) ?? []) {
          const name = param.slice(1, -1);
          expect(
            operation.parameters?.some((p) => p.in === 'path' && p.name === name),
            `${method} ${path} ${name}`,
          ).toBe(true);
        }
        if (!path.startsWith('/v1/auth/')) {
          expect(operation.security, `${method} ${path}`).toBeDefined();
        }
      }
    }
  });

  it('answers every list in one shape: { data, nextCursor }', () => {
    const lists: string[] = [];
    for (const { method, path, body } of jsonBodies('200')) {
      // a list answered bare or as `{ items }` would be a second shape
      expect(body.type, `${method} ${path}`).not.toBe('array');
      expect(body.properties?.items?.type, `${method} ${path}`).not.toBe('array');
      if (body.properties?.data?.type === 'array') {
        lists.push(`${method} ${path}`);
        expect(Object.keys(body.properties).sort(), `${method} ${path}`).toEqual([
          'data',
          'nextCursor',
        ]);
        expect(body.required, `${method} ${path}`).toEqual(['data', 'nextCursor']);
      }
    }
    expect(lists).toEqual(
      expect.arrayContaining([
        'get /v1/traces',
        'get /v1/jobs',
        'get /v1/alerts',
        'get /v1/members',
      ]),
    );
  });

  it('marks the sign-in routes public and every other route authenticated', () => {
    expect(doc.paths['/v1/auth/login'].post.security).toEqual([]);
    expect(doc.paths['/v1/agents'].get.security).toEqual([{ apiKey: [] }, { session: [] }]);
    expect(doc.paths['/v1/agents'].get.tags).toEqual(['Agents']);
    expect(Object.keys(doc.paths['/v1/agents'].get.responses)).toEqual(
      expect.arrayContaining(['200', '400', '401', '403', '404', '409', '413', '429']),
    );
  });

  it('declares 412 where a route refuses for the state of what it acts on (generate and refine with too few labels)', () => {
    for (const path of ['/v1/agents/{id}/evals/generate', '/v1/evals/{id}/refine']) {
      const { responses, description } = doc.paths[path].post;
      expect(Object.keys(responses)).toEqual(expect.arrayContaining(['202', '412']));
      expect(responses['412'].content['application/json'].schema.$ref).toBe(
        '#/components/schemas/Error',
      );
      expect(description).toMatch(/^Answers 412 PRECONDITION_FAILED, queueing nothing, when /);
    }
  });
});

describe('routes that start a job', () => {
  it('answer 202 with the job as `jobId`, and docs/api.md says so for each of them', () => {
    const starting: string[] = [];
    for (const { method, path, body } of jsonBodies('202')) {
      // the jobs resource answers the job itself (`id`); every other route its `jobId`
      expect(
        path === '/v1/jobs/noop' ? body.properties.id : body.properties.jobId,
        path,
      ).toBeDefined();
      starting.push(`${method.toUpperCase()} ${path}`);
    }
    expect(starting).toEqual(
      expect.arrayContaining([
        'POST /v1/agents/{id}/evals/generate',
        'POST /v1/evals/{id}/run',
        'POST /v1/tasks/extract',
      ]),
    );
    const page = readFileSync(join(process.cwd(), 'docs/api.md'), 'utf8');
    const at = page.indexOf('**Starting a job**');
    expect(at, 'docs/api.md has a "Starting a job" paragraph').toBeGreaterThanOrEqual(0);
    const paragraph = page.slice(at);
    const listed = paragraph.slice(0, paragraph.indexOf('\n\n'));
    expect(listed).toContain('`jobId`');
    expect(starting.filter((route) => !listed.includes(`\`${route}\``))).toEqual([]);
  });
});
