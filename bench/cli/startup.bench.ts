/**
 * The start-up a user waits for, from the compiled dist/ that `bin/iofold.mjs` runs: `iofold
 * --help`, `iofold traces list` on the embedded database (the 96-trace demo), the server until it
 * prints "ready" (no demo seeding; on an existing database and on a new folder), and the idle
 * server's resident memory. Every run is a new process, as a user's command is.
 *
 * Context, not a ceiling: `node -e 0` is the floor every Node command pays, and `--help` through
 * tsx is what every command cost before the build step (what `npm run dev` still runs).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { buildServer, serverBuildState } from '../../scripts/build-server.mjs';
import { scratchDir } from '../lib/bench-deps';
import { REPO_ROOT } from '../lib/context';
import { interleave, rssMb, spread, timeMs } from '../lib/measure';
import { startBench } from '../lib/report';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const BIN = join(REPO_ROOT, 'bin', 'iofold.mjs');
const bench = startBench('cli-startup', 'Start-up: the iofold command and server from dist/');
const scratch = scratchDir('startup');
const env = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !/^(IOFOLD_|OPENAI_|ANTHROPIC_)/.test(key)),
) as Record<string, string>;

function run(args: string[], cwd = scratch.dir): void {
  const result = spawnSync(process.execPath, args, {
    cwd,
    env: { ...env, TSX_TSCONFIG_PATH: join(REPO_ROOT, 'tsconfig.json') },
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(`${args.join(' ')} exited with ${result.status}: ${result.stderr}`);
  }
}

/** Starts `iofold serve` and resolves with the process once it prints its address. */
function serve(cwd: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--no-demo'], { cwd, env });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (out.includes(' ready at ')) {
        resolve(child);
      }
    });
    child.stderr.on('data', (chunk) => (out += chunk));
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

const state = serverBuildState();
if (state !== 'fresh') {
  bench.note(`dist/ was ${state}: built it first in ${await buildServer()} ms (not measured)`);
}
run([BIN, 'keys', 'create', '--name', 'bench', '--quiet']);
run([BIN, 'demo', '--reset']);
const idleRss: number[] = [];
const rounds = await interleave(ROUNDS, {
  node: () => timeMs(() => run(['-e', '0'])),
  help: () => timeMs(() => run([BIN, '--help'])),
  tsxHelp: () =>
    timeMs(() =>
      run(['--import', import.meta.resolve('tsx'), join(REPO_ROOT, 'src/cli/main.ts'), '--help']),
    ),
  list: () => timeMs(() => run([BIN, 'traces', 'list', '--workspace', 'demo'])),
  ready: async () => {
    let child: ChildProcess | undefined;
    const ms = await timeMs(async () => {
      child = await serve(scratch.dir);
    });
    if (child?.pid) {
      await new Promise((r) => setTimeout(r, 2000));
      idleRss.push(rssMb(child.pid));
      await stop(child);
    }
    return ms;
  },
  readyNewFolder: async () => {
    let child: ChildProcess | undefined;
    const ms = await timeMs(async () => {
      child = await serve(mkdtempSync(join(scratch.dir, 'fresh-')));
    });
    if (child) {
      await stop(child);
    }
    return ms;
  },
});
scratch.remove();
const floor = (values: number[]) =>
  spread(values.map((v, i) => v / (rounds.node[i] as number)))
    .median.toFixed(1)
    .concat(' x');
bench.note(
  `In multiples of \`node -e 0\` in the same round (median), which load inflates alike: --help ${floor(rounds.help)}, --help through tsx ${floor(rounds.tsxHelp)}, traces list ${floor(rounds.list)}, server ready ${floor(rounds.ready)}.`,
);

bench.figure({ name: '`node -e 0` (the floor)', unit: 'ms', value: spread(rounds.node) });
bench.figure({
  name: '`iofold --help`',
  unit: 'ms',
  value: spread(rounds.help),
  target: 'cli-help',
});
bench.figure({
  name: '`iofold --help` through tsx (before the build step)',
  unit: 'ms',
  value: spread(rounds.tsxHelp),
});
bench.figure({
  name: '`iofold traces list` (demo, 96 traces)',
  unit: 'ms',
  value: spread(rounds.list),
  target: 'cli-traces-list',
});
bench.figure({
  name: 'server ready, existing database, no demo',
  unit: 'ms',
  value: spread(rounds.ready),
  target: 'server-ready',
});
bench.figure({
  name: 'server ready, new folder (creates and migrates the database), no demo',
  unit: 'ms',
  value: spread(rounds.readyNewFolder),
});
bench.figure({
  name: 'server RSS, idle 2 s after ready (the server process; sandbox workers are children)',
  unit: 'MB',
  value: spread(idleRss),
  target: 'idle-rss',
});
bench.done();
