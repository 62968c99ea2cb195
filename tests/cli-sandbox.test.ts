import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIofold } from './helpers/run-iofold';

const cwd = mkdtempSync(join(tmpdir(), 'iofold-cli-sandbox-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

const CONFIRM_EVAL = `WRITE_TOOLS = {"create_return", "cancel_order", "update_shipping_address"}


def eval_confirms_before_writes(trace: dict) -> tuple[bool, str]:
    asked = False
    for message in trace["messages"]:
        if message["role"] == "assistant" and message["content"].rstrip().endswith("?"):
            asked = True
        for call in message.get("tool_calls") or []:
            if call["name"] in WRITE_TOOLS and not asked:
                return False, call["name"] + " without asking first"
    return True, "ok"
`;

beforeAll(async () => {
  writeFileSync(join(cwd, 'confirm.py'), CONFIRM_EVAL);
  writeFileSync(
    join(cwd, 'bad.py'),
    'import os\n\ndef eval_bad(trace):\n    return True, os.getcwd()\n',
  );
  const demo = await runIofold(['demo', '--count', '40', '--out', 'demo.jsonl'], { cwd });
  expect(demo.code).toBe(0);
});

describe('iofold sandbox check', () => {
  it('self-tests the sandbox and lists its isolation layers', async () => {
    const result = await runIofold(['sandbox', 'check', '--json'], { cwd });
    expect(result.code, result.stderr).toBe(0);
    const body = JSON.parse(result.stdout) as {
      ok: boolean;
      status: { layers: { name: string }[] };
    };
    expect(body.ok).toBe(true);
    expect(body.status.layers.map((l) => l.name)).toContain('time-limits');
  });

  it('rejects an eval that breaks the contract with exit code 2 and the issue on its line', async () => {
    const result = await runIofold(['sandbox', 'check', 'bad.py'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/^bad\.py:1:\d+ \S+ .*os/);
    expect(result.stderr.trim()).toBe(
      'error: bad.py breaks the eval contract (1 issue) (VALIDATION)',
    );
  });

  it('runs an eval on demo transcripts and counts agreement with their labels', async () => {
    const result = await runIofold(
      ['sandbox', 'check', 'confirm.py', '--traces', 'demo.jsonl', '--json'],
      { cwd },
    );
    expect(result.code, result.stderr).toBe(0);
    const body = JSON.parse(result.stdout) as Record<string, number | string | boolean>;
    expect(body.functionName).toBe('eval_confirms_before_writes');
    expect(Number(body.passed) + Number(body.failed)).toBe(40);
    expect(body.errors).toBe(0);
    expect(Number(body.failed)).toBeGreaterThan(0);
    expect(Number(body.labelled)).toBeGreaterThan(5);
    expect(Number(body.agreed)).toBeGreaterThan(Number(body.labelled) / 2);
  });

  it('answers a missing eval file with exit code 3 (NOT_FOUND)', async () => {
    const result = await runIofold(['sandbox', 'check', 'nope.py'], { cwd });
    expect(result.code).toBe(3);
  });
});
