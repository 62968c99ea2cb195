import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { AppError } from '@/core/errors';
import type { CheckResult, Sandbox } from '@/core/ports/sandbox';
import type { CliIo } from '../cli-io';
import { formatTable } from '../format-table';
import { examplesText, printResult } from '../print-result';
import { readTranscriptViews } from '../read-transcript-views';
import { CLI_TENANT, runEvalOnViews } from '../run-eval-on-views';

const SELF_TEST = `import json

def eval_self_test(trace: dict) -> tuple[bool, str]:
    calls = [c["name"] for s in trace["steps"] for c in s["tool_calls"]]
    return len(calls) > 0, json.dumps(calls)
`;

type CheckFlags = { traces?: string; json?: boolean };

export function registerSandboxCommand(program: Command, io: CliIo) {
  const sandbox = program
    .command('sandbox')
    .description('The Python eval sandbox (Pyodide in isolated child processes)');
  sandbox
    .command('check')
    .description(
      'Self-test the sandbox, or check an eval file against the contract and run it on traces',
    )
    .argument('[eval.py]', 'a Python file defining eval_<name>(trace) -> (bool, str)')
    .option(
      '--traces <file.jsonl>',
      'run the eval on these transcripts (the import format) and compare with their labels',
    )
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      examplesText([
        'iofold sandbox check',
        'iofold sandbox check my_eval.py',
        'iofold sandbox check my_eval.py --traces demo.jsonl --json',
      ]),
    )
    .action(async (file: string | undefined, flags: CheckFlags) => {
      const { createPyodideSandbox } = await import('@/sandbox/pyodide-sandbox.node.js');
      const box = createPyodideSandbox({ poolSize: 1 });
      try {
        await (file ? checkFile(io, box, file, flags) : selfTest(io, box, flags));
      } finally {
        await box.close();
      }
    });
  sandbox
    .command('serve')
    .description('Serve the sandbox over HTTP for a Cloudflare Worker host (shared secret)')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on (0 = any free port)', '8790')
    .addHelpText(
      'after',
      examplesText([
        'IOFOLD_SANDBOX_SECRET=$(openssl rand -hex 32) iofold sandbox serve --port 8790',
      ]),
    )
    .action(async (flags: { host: string; port: string }) => {
      const secret = io.env.IOFOLD_SANDBOX_SECRET;
      if (!secret || secret.length < 16) {
        throw new AppError(
          'VALIDATION',
          'set IOFOLD_SANDBOX_SECRET (at least 16 characters) to the secret the Worker sends',
        );
      }
      const { createPyodideSandbox } = await import('@/sandbox/pyodide-sandbox.node.js');
      const { startSandboxServer } = await import('@/sandbox/sandbox-server.node.js');
      const server = await startSandboxServer({
        host: flags.host,
        port: Number(flags.port),
        secret,
        sandbox: createPyodideSandbox(),
      });
      io.out(`iofold sandbox serving at ${server.url}\n`);
    });
}

async function selfTest(io: CliIo, box: Sandbox, flags: CheckFlags) {
  const view = {
    version: 1 as const,
    trace_id: 'self-test',
    messages: [],
    input: null,
    output: null,
    metadata: {},
    steps: [
      {
        index: 0,
        name: null,
        input: null,
        output: null,
        error: null,
        tool_calls: [{ id: null, name: 'get_order', arguments: {}, result: null, error: null }],
      },
    ],
  };
  const run = await box.runEval({ code: SELF_TEST, traces: [view], workspaceId: CLI_TENANT });
  const status = await box.status();
  const outcome = run.ok ? run.outcomes[0] : undefined;
  const ok = Boolean(outcome?.ok && outcome.passed);
  printResult(
    io,
    flags.json,
    { ok, status, outcome: run.ok ? outcome : run.error },
    () =>
      `${formatTable(status.layers, [
        { header: 'layer', value: (l) => l.name },
        { header: 'active', value: (l) => (l.active ? 'yes' : 'no') },
        { header: 'detail', value: (l) => l.detail, maxWidth: 90 },
      ])}\nself-test eval: ${ok ? 'passed' : `FAILED ${JSON.stringify(run.ok ? outcome : run.error)}`}\n`,
  );
  if (!ok) {
    throw new AppError('UNAVAILABLE', 'the sandbox could not run the self-test eval');
  }
}

async function checkFile(io: CliIo, box: Sandbox, file: string, flags: CheckFlags) {
  const code = readSource(file);
  const check: CheckResult = await box.check(code);
  if (!check.ok) {
    printResult(
      io,
      flags.json,
      check,
      () =>
        check.issues.map((i) => `${file}:${i.line}:${i.column} ${i.code} ${i.message}\n`).join('') +
        (check.error ? `${check.error.message}\n` : ''),
    );
    throw check.error?.code === 'UNAVAILABLE'
      ? new AppError('UNAVAILABLE', check.error.message)
      : new AppError(
          'VALIDATION',
          `${file} breaks the eval contract (${check.issues.length} issue${check.issues.length === 1 ? '' : 's'})`,
        );
  }
  if (!flags.traces) {
    printResult(io, flags.json, check, () => `${file}: ok, defines ${check.functionName}\n`);
    return;
  }
  const views = readTranscriptViews(flags.traces);
  const summary = await runEvalOnViews(box, code, views);
  printResult(io, flags.json, { ...check, ...summary }, () =>
    [
      `${file}: ${check.functionName} on ${views.length} traces`,
      `  passed ${summary.passed}, failed ${summary.failed}, errors ${summary.errors}`,
      summary.labelled > 0
        ? `  agrees with ${summary.agreed} of ${summary.labelled} labelled traces (neutral labels skipped)`
        : '  no labelled traces to compare with',
      '',
    ].join('\n'),
  );
}

function readSource(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new AppError('NOT_FOUND', `cannot read ${file}`, { cause: error });
  }
}
