import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IOFOLD_BIN, runIofold } from './helpers/run-iofold';

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

const hasScript = spawnSync('script', ['--version']).status === 0;
if (!hasScript) {
  console.log('skipping the terminal prompt test: util-linux script(1) is not installed');
}

/** Runs iofold under a pseudo-terminal (script(1)), typing `input`; the terminal's output comes back. */
function inTerminal(args: string[], input: string) {
  const command = [process.execPath, IOFOLD_BIN, ...args].map((a) => `'${a}'`).join(' ');
  return spawnSync('script', ['-qec', command, '/dev/null'], {
    cwd,
    input,
    encoding: 'utf8',
    timeout: 120_000,
  });
}

beforeAll(async () => {
  const reset = await runIofold(['demo', '--reset', '--yes', '--count', '20'], { cwd });
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
    const again = await runIofold(['demo', '--reset', '--yes', '--count', '30', '--json'], { cwd });
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

describe('iofold demo --reset on an existing demo', () => {
  const count = () => query<{ n: number }>('select count(*) as n from traces').n;

  it('changes nothing without --yes when stdin is not a terminal, saying what it would delete', async () => {
    const before = count();
    const result = await runIofold(['demo', '--reset', '--count', '10'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^error: This deletes the demo workspace "demo" with its \d+ traces, \d+ labels, 0 eval versions, \d+ jobs and 0 API keys, then builds it again; nothing was changed\. Run it in a terminal to be asked, or add --yes/,
    );
    expect(count()).toBe(before);
  });

  it.skipIf(!hasScript)('asks in a terminal: "n" keeps everything, "y" rebuilds', () => {
    const before = count();
    const no = inTerminal(['demo', '--reset', '--count', '10'], 'n\n');
    expect(no.stdout).toMatch(
      /This deletes the demo workspace "demo" with its \d+ traces.*Continue\? \[y\/N\]/s,
    );
    expect(no.stdout).toMatch(/not confirmed; nothing was changed/);
    expect(count()).toBe(before);
    const yes = inTerminal(['demo', '--reset', '--count', '10'], 'y\n');
    expect(yes.stdout).toMatch(/demo workspace rebuilt: 10 traces/);
    expect(count()).toBe(10);
  });
});

describe('iofold import', () => {
  it('imports a JSONL file with progress on stderr, labels included, and is idempotent', async () => {
    await runIofold(['demo', '--reset', '--yes', '--count', '10'], { cwd });
    const first = await runIofold(['import', 'demo.jsonl', '--workspace', 'demo', '--json'], {
      cwd,
    });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/importing \(bytes\) 0\/\d+ \(0%\)\n/);
    expect(first.stderr).toMatch(/imported 96 traces into workspace demo \(96 records read\)/);
    const body = JSON.parse(first.stdout) as Record<string, unknown>;
    expect(body).toMatchObject({
      ok: true,
      format: 'openai',
      records: 96,
      tracesStored: 96,
      created: 96,
      errors: 0,
      recordErrors: [],
    });
    // the demo's one system prompt: one agent, named, holding every trace of the file
    const owner = query<{ id: string; name: string }>(
      'select id, name from agents where id in (select agent_id from traces)',
    );
    expect(body.agents).toEqual([{ id: owner.id, name: owner.name, traces: 96 }]);
    // the 3 labelled traces of the 10-trace demo and the file's 32
    expect(query<{ n: number }>('select count(*) as n from traces where label is not null').n).toBe(
      35,
    );
    const again = await runIofold(['import', 'demo.jsonl', '--workspace', 'demo', '--json'], {
      cwd,
    });
    expect(JSON.parse(again.stdout)).toMatchObject({ tracesStored: 96, created: 0, errors: 0 });
    expect(
      query<{ n: number }>("select count(*) as n from feedback where rating = 'negative'").n,
    ).toBeGreaterThan(5);
  });

  it('dates each trace from its metadata.started_at, as iofold demo --out writes it', () => {
    const first = JSON.parse(readFileSync(join(cwd, 'demo.jsonl'), 'utf8').split('\n')[0] ?? '');
    const row = query<{ startedAt: number }>(
      `select started_at as startedAt from traces where external_id = '${first.id}'`,
    );
    expect(row.startedAt).toBe(Date.parse(first.metadata.started_at));
  });

  it('stores the good records of a file with bad ones and lists the bad ones by line, as the dashboard does', async () => {
    writeFileSync(
      join(cwd, 'bad.jsonl'),
      '{"id":"ok-1","messages":[{"role":"user","content":"hi"}]}\n{"id":"x","nope":1}\nnot json\n{"id":"ok-2","messages":[{"role":"user","content":"hello"}]}\n',
    );
    const before = query<{ n: number }>('select count(*) as n from traces').n;
    const result = await runIofold(['import', 'bad.jsonl', '--workspace', 'demo'], { cwd });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /^2 new, 0 already known \(updated or unchanged\); 2 record\(s\) not imported\n {2}line 2: no message list found/,
    );
    expect(result.stdout).toMatch(/\n {2}line 3: invalid JSON/);
    // without a system prompt the traces belong to no agent, and no agent line is printed
    expect(result.stdout).not.toMatch(/^agent /m);
    expect(query<{ n: number }>('select count(*) as n from traces').n).toBe(before + 2);
    const json = await runIofold(['import', 'bad.jsonl', '--workspace', 'demo', '--json'], { cwd });
    expect(JSON.parse(json.stdout)).toMatchObject({
      tracesStored: 2,
      created: 0,
      errors: 2,
      recordErrors: [{ line: 2 }, { line: 3 }],
    });
  });

  it('answers an unknown workspace with exit code 3, naming the workspaces there are', async () => {
    const result = await runIofold(['import', 'demo.jsonl', '--workspace', 'nope'], { cwd });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(
      /no workspace "nope" in this database; workspaces here: default, demo \(create one with: iofold workspaces create NAME\)/,
    );
  });
});

describe('a fresh --data-dir, without ever starting the server', () => {
  it('imports into the default workspace and creates workspaces from the terminal', async () => {
    const dir = join(cwd, 'fresh');
    const imported = await runIofold(['import', 'demo.jsonl', '--data-dir', dir, '--json'], {
      cwd,
    });
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ workspace: 'default', created: 96 });
    const created = await runIofold(
      ['workspaces', 'create', 'Support bot', '--slug', 'support', '--data-dir', dir],
      { cwd },
    );
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toBe('created workspace "Support bot" (use --workspace support)\n');
    const again = await runIofold(
      ['workspaces', 'create', 'Other', '--slug', 'support', '--data-dir', dir],
      { cwd },
    );
    expect(again.code).toBe(6);
    expect(again.stderr).toMatch(/a workspace "support" exists already/);
    const list = await runIofold(['workspaces', 'list', '--data-dir', dir, '--json'], { cwd });
    expect(
      (JSON.parse(list.stdout) as { data: { slug: string }[] }).data.map((w) => w.slug),
    ).toEqual(['default', 'support']);
    writeFileSync(
      join(cwd, 'two.jsonl'),
      '{"id":"a","messages":[{"role":"user","content":"hi"}]}\n{"id":"b","messages":[{"role":"user","content":"yo"}]}\n',
    );
    const intoSupport = await runIofold(
      ['import', 'two.jsonl', '--workspace', 'support', '--data-dir', dir, '--json'],
      { cwd },
    );
    expect(JSON.parse(intoSupport.stdout)).toMatchObject({ workspace: 'support', created: 2 });
  });

  it('finds a workspace made without --slug by its name, while no other has that name', {
    timeout: 60_000,
  }, async () => {
    const dir = join(cwd, 'named');
    writeFileSync(
      join(cwd, 'named.jsonl'),
      '{"id":"n1","messages":[{"role":"user","content":"hi"}]}\n{"id":"n2","messages":[{"role":"user","content":"yo"}]}\n',
    );
    await runIofold(['workspaces', 'create', 'Nu test', '--data-dir', dir], { cwd });
    const byName = await runIofold(
      ['import', 'named.jsonl', '--workspace', 'Nu test', '--data-dir', dir, '--json'],
      { cwd },
    );
    expect(byName.code, byName.stderr).toBe(0);
    expect(JSON.parse(byName.stdout)).toMatchObject({ created: 2 });
    await runIofold(['workspaces', 'create', 'Nu test', '--data-dir', dir], { cwd });
    const twice = await runIofold(
      ['import', 'named.jsonl', '--workspace', 'Nu test', '--data-dir', dir],
      { cwd },
    );
    expect(twice.code).toBe(3);
    expect(twice.stderr).toMatch(
      /2 workspaces are named "Nu test": give one's slug \(nu-test-[a-z0-9]+, nu-test-[a-z0-9]+\)/,
    );
  });
});
