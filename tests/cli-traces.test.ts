import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIofold } from './helpers/run-iofold';

type Summary = { id: string; label: string | null; inputPreview: string };
type Page = { data: Summary[]; nextCursor: string | null };

const cwd = mkdtempSync(join(tmpdir(), 'iofold-cli-traces-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));
const ws = ['--workspace', 'demo'];
const iofold = (args: string[]) => runIofold(args, { cwd });
const json = async <T>(args: string[]): Promise<T> => {
  const result = await iofold([...args, '--json']);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as T;
};
let unlabelled: Summary;

beforeAll(async () => {
  // `keys create` makes the owner (as the first `iofold serve` would); the demo makes them its owner.
  expect((await iofold(['keys', 'create', '--name', 'setup', '--quiet'])).code).toBe(0);
  const reset = await iofold(['demo', '--reset', '--yes', '--count', '30']);
  expect(reset.code, reset.stderr).toBe(0);
  const page = await json<Page>(['traces', 'list', ...ws, '--label', 'none', '--limit', '1']);
  unlabelled = page.data[0] as Summary;
}, 120_000);

describe('iofold traces', { timeout: 120_000 }, () => {
  it('list pages through the workspace with --limit and --cursor, newest first', async () => {
    const first = await json<Page>(['traces', 'list', ...ws, '--limit', '20']);
    expect(first.data).toHaveLength(20);
    expect(first.nextCursor).toBeTruthy();
    const second = await json<Page>([
      'traces',
      'list',
      ...ws,
      '--limit',
      '20',
      '--cursor',
      first.nextCursor ?? '',
    ]);
    expect(second.data).toHaveLength(10);
    expect(second.nextCursor).toBeNull();
    const ids = new Set([...first.data, ...second.data].map((t) => t.id));
    expect(ids.size).toBe(30);
  });

  it('list filters by label and text, and prints a table with a hint for the next page', async () => {
    const bad = await json<Page>(['traces', 'list', ...ws, '--label', 'bad']);
    expect(bad.data.length).toBeGreaterThan(0);
    expect(bad.data.every((t) => t.label === 'negative')).toBe(true);
    const word = unlabelled.inputPreview.split(/\s+/).find((w) => w.length > 4) ?? '';
    const found = await json<Page>(['traces', 'list', ...ws, '--search', word]);
    expect(found.data.some((t) => t.id === unlabelled.id)).toBe(true);
    const table = await iofold(['traces', 'list', ...ws, '--limit', '2']);
    expect(table.stdout.split('\n')[0]).toMatch(
      /^ID +STARTED +LABEL +STEPS +TOOLS +ERRORS +INPUT$/,
    );
    expect(table.stdout.trim().split('\n')).toHaveLength(3);
    expect(table.stderr).toMatch(/^more: add --cursor \S+\n$/);
  });

  it('an empty unfiltered list names its workspace and how to see the others; a filtered one does not', async () => {
    const empty = await iofold(['traces', 'list']);
    expect(empty.code, empty.stderr).toBe(0);
    expect(empty.stdout).toBe('(none)\n');
    expect(empty.stderr).toBe(
      'no traces in workspace "default"; `iofold workspaces list` shows this database\'s workspaces (choose one with --workspace)\n',
    );
    const filtered = await iofold(['traces', 'list', '--label', 'bad']);
    expect(filtered.stdout).toBe('(none)\n');
    expect(filtered.stderr).toBe('');
  });

  it('show prints the conversation with tool calls, and --json the full detail', async () => {
    const show = await iofold(['traces', 'show', unlabelled.id, ...ws]);
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toContain(`trace ${unlabelled.id}`);
    expect(show.stdout).toMatch(/^ {2}\[user\] /m);
    expect(show.stdout).toMatch(/^ {2}\[system\] You are Skye, .+ \(\d+ characters\)$/m);
    expect(show.stdout).toMatch(/^ {2}\[assistant\] -> \w+\(\{/m);
    expect(show.stdout).toMatch(/^ {2}label -$/m);
    const detail = await json<{ id: string; spans: unknown[]; feedback: unknown[] }>([
      'traces',
      'show',
      unlabelled.id,
      ...ws,
    ]);
    expect(detail.id).toBe(unlabelled.id);
    expect(detail.spans.length).toBeGreaterThan(0);
    expect(detail.feedback).toEqual([]);
  });

  it('show answers an unknown id with one line and exit code 3', async () => {
    const result = await iofold(['traces', 'show', 'tr_nope', ...ws]);
    expect(result.code).toBe(3);
    expect(result.stderr).toBe('error: trace tr_nope not found (NOT_FOUND)\n');
  });

  it('a bad --label or --limit value is a usage error (exit 2)', async () => {
    expect((await iofold(['traces', 'list', ...ws, '--label', 'meh'])).code).toBe(2);
    const limit = await iofold(['traces', 'list', ...ws, '--limit', '500']);
    expect(limit.code).toBe(2);
    expect(limit.stderr).toMatch(/^error: limit: .*\(VALIDATION\)\n$/);
  });
});

describe('iofold label', { timeout: 120_000 }, () => {
  it('labels a trace with a note, shows it on the trace and in the filter, then clears it', async () => {
    const id = unlabelled.id;
    const labelled = await iofold(['label', id, 'bad', '--note', 'skipped the lookup', ...ws]);
    expect(labelled.code, labelled.stderr).toBe(0);
    expect(labelled.stdout).toBe(`labelled ${id} bad: skipped the lookup\n`);
    const show = await iofold(['traces', 'show', id, ...ws]);
    expect(show.stdout).toMatch(/^ {2}label bad\n {4}bad by owner@localhost: skipped the lookup$/m);
    const bad = await json<Page>(['traces', 'list', ...ws, '--label', 'bad', '--limit', '200']);
    expect(bad.data.map((t) => t.id)).toContain(id);
    const changed = await json<{ rating: string; notes: string }>(['label', id, 'good', ...ws]);
    expect(changed).toMatchObject({ rating: 'positive', notes: 'skipped the lookup' });
    expect((await iofold(['label', id, '--clear', ...ws])).stdout).toBe(
      `removed your label from ${id}\n`,
    );
    expect((await iofold(['label', id, '--clear', ...ws])).stdout).toBe(
      `${id} had no label of yours\n`,
    );
    const after = await json<{ label: string | null }>(['traces', 'show', id, ...ws]);
    expect(after.label).toBeNull();
  });

  it('rejects a bad rating, a missing rating and an unknown trace with one line each', async () => {
    const rating = await iofold(['label', unlabelled.id, 'meh', ...ws]);
    expect(rating.code).toBe(2);
    expect(rating.stderr).toBe(
      'error: rating "meh": expected good, bad or neutral (or positive, negative) (VALIDATION)\n',
    );
    const missing = await iofold(['label', unlabelled.id, ...ws]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('error: say good, bad or neutral (or --clear) (VALIDATION)\n');
    const unknown = await iofold(['label', 'tr_nope', 'good', ...ws]);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toBe('error: trace tr_nope not found (NOT_FOUND)\n');
    const stranger = await iofold(['label', unlabelled.id, 'good', '--as', 'x@example.com', ...ws]);
    expect(stranger.code).toBe(3);
  });

  it('says what to do when nobody can label yet (no owner in the database): exit 7', async () => {
    const bare = mkdtempSync(join(cwd, 'bare-'));
    await runIofold(['demo', '--reset', '--yes', '--count', '10'], { cwd: bare });
    const list = await runIofold(['traces', 'list', ...ws, '--limit', '1', '--json'], {
      cwd: bare,
    });
    const id = (JSON.parse(list.stdout) as Page).data[0]?.id ?? '';
    const result = await runIofold(['label', id, 'good', ...ws], { cwd: bare });
    expect(result.code).toBe(7);
    expect(result.stderr).toMatch(/^error: this workspace has no owner to label as: .*\n$/);
  });
});

describe('--help', () => {
  it.each(['traces list', 'traces show', 'label'])(
    'iofold %s --help shows usage and examples',
    async (command) => {
      const result = await iofold([...command.split(' '), '--help']);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^Usage: iofold /);
      expect(result.stdout).toMatch(/Examples:\n {2}\$ iofold /);
      expect(result.stdout).toContain('--url <url>');
    },
  );
});
