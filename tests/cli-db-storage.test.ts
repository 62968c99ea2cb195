import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIofold } from './helpers/run-iofold';

/** Issue #24: `iofold db stats`, `db compact` and `db vacuum` on a real embedded database. */
const cwd = mkdtempSync(join(tmpdir(), 'iofold-db-storage-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));
beforeAll(async () => {
  const demo = await runIofold(['demo', '--reset', '--yes', '--count', '20'], { cwd });
  expect(demo.code, demo.stderr).toBe(0);
}, 120_000);

const json = async (args: string[]) => {
  const result = await runIofold([...args, '--json'], { cwd });
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout);
};

describe('iofold db storage commands', { timeout: 120_000 }, () => {
  it('reports rows and bytes per table and per workspace', async () => {
    const stats = await json(['db', 'stats']);
    const traces = stats.tables.find((t: { table: string }) => t.table === 'traces');
    expect(traces).toMatchObject({ rows: 20 });
    expect(traces.dataBytes).toBeGreaterThan(0);
    expect(traces.fileBytes).toBeGreaterThan(traces.dataBytes / 2);
    const demo = stats.workspaces.find((w: { name: string }) => w.name.startsWith('Demo'));
    expect(demo.tables).toEqual(
      expect.arrayContaining([expect.objectContaining({ table: 'traces', rows: 20 })]),
    );
    // rows that belong to no workspace (built-in rules) are in the table totals, not a tenant row
    for (const w of stats.workspaces) {
      expect(w.workspaceId).toMatch(/^\w+$/);
      expect(w.workspaceId).not.toBe('null');
    }
    const human = await runIofold(['db', 'stats'], { cwd });
    expect(human.stdout).not.toMatch(/^null\b/m);
    expect(human.stdout).toMatch(/traces\s+20/);
  });

  it('finds nothing to compact in a database written packed, and vacuums it', async () => {
    expect(await json(['db', 'compact'])).toMatchObject({ traces: 0, remaining: false });
    const vacuum = await json(['db', 'vacuum']);
    expect(vacuum.ok).toBe(true);
    expect(vacuum.bytesAfter).toBeLessThanOrEqual(vacuum.bytesBefore);
  });
});
