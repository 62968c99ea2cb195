import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runIofold } from './helpers/run-iofold';

const cwd = mkdtempSync(join(tmpdir(), 'iofold-cli-optimize-'));
const iofold = (args: string[]) => runIofold(args, { cwd });
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe('iofold optimize on a database without runs', { timeout: 120_000 }, () => {
  it('lists no runs, answers an unknown run with NOT_FOUND and a start without agents with the reason', async () => {
    const list = await iofold(['optimize', 'list']);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout.trim()).toBe('(none)');

    const show = await iofold(['optimize', 'show', 'nosuch']);
    expect(show.code).not.toBe(0);
    expect(show.stderr).toContain('gepa run nosuch not found (NOT_FOUND)');

    const start = await iofold(['optimize', 'start', '--taskset', 'nope', '--budget', '10']);
    expect(start.code).not.toBe(0);
    expect(start.stderr).toContain('no agents yet');
  });
});
