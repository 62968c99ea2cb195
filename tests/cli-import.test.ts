import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIofold } from './helpers/run-iofold';

const cwd = mkdtempSync(join(tmpdir(), 'iofold-cli-import-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

function query<T>(text: string): T {
  const db = new Database(join(cwd, '.iofold', 'iofold.db'), { readonly: true });
  try {
    return db.prepare(text).get() as T;
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  const reset = await runIofold(['demo', '--reset', '--count', '20'], { cwd });
  expect(reset.code, reset.stderr).toBe(0);
  const out = await runIofold(['demo', '--out', 'demo.jsonl', '--seed', '9'], { cwd });
  expect(out.code).toBe(0);
});

describe('iofold demo --reset', () => {
  it('rebuilds the demo workspace from scratch with labelled traces', async () => {
    expect(
      query<{ n: number; l: number }>(
        'select count(*) as n, sum(label is not null) as l from traces',
      ),
    ).toEqual({ n: 20, l: 7 });
    const again = await runIofold(['demo', '--reset', '--count', '30', '--json'], { cwd });
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({
      ok: true,
      slug: 'demo',
      traces: 30,
      labelled: 10,
    });
    expect(query<{ n: number }>('select count(*) as n from traces')).toEqual({ n: 30 });
    expect(
      query<{ n: number }>("select count(*) as n from workspaces where slug = 'demo'"),
    ).toEqual({ n: 1 });
  });
});

describe('iofold import', () => {
  it('imports a JSONL file with progress on stderr, labels included, and is idempotent', async () => {
    await runIofold(['demo', '--reset', '--count', '10'], { cwd });
    const first = await runIofold(['import', 'demo.jsonl', '--workspace', 'demo', '--json'], {
      cwd,
    });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(
      /importing 50\/96 \(52%\)\n(.|\n)*importing 96\/96 \(100%\)\nimported 96 traces into workspace demo/,
    );
    const body = JSON.parse(first.stdout) as Record<string, number>;
    expect(body).toMatchObject({ traces: 96, labelled: 32 });
    expect(body.created).toBe(96);
    const again = await runIofold(['import', 'demo.jsonl', '--workspace', 'demo', '--json'], {
      cwd,
    });
    expect(JSON.parse(again.stdout)).toMatchObject({ created: 0, changed: 0, unchanged: 96 });
    expect(
      query<{ n: number }>("select count(*) as n from feedback where rating = 'negative'").n,
    ).toBeGreaterThan(5);
  });

  it('rejects a bad record with its line number before storing anything (exit 2)', async () => {
    writeFileSync(
      join(cwd, 'bad.jsonl'),
      '{"id":"ok","messages":[{"role":"user","content":"hi"}]}\n{"id":"x","nope":1}\n',
    );
    const before = query<{ n: number }>('select count(*) as n from traces').n;
    const result = await runIofold(['import', 'bad.jsonl', '--workspace', 'demo'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: bad\.jsonl:2: no message list found/);
    expect(query<{ n: number }>('select count(*) as n from traces').n).toBe(before);
  });

  it('answers an unknown workspace with exit code 3', async () => {
    const result = await runIofold(['import', 'demo.jsonl', '--workspace', 'nope'], { cwd });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/no workspace "nope"/);
  });
});
