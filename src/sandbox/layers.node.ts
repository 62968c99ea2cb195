import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { SandboxLayer } from '@/core/ports/sandbox';

export type LaunchPlan = {
  command: string;
  prefix: string[];
  nodeFlags: string[];
  layers: SandboxLayer[];
};

export type LayerOptions = {
  runtimeDir: string;
  memoryCapMb: number;
  /** Set false to skip the OS layers even where available (never do this in production). */
  osIsolation?: boolean;
  /** More directories the child may read (tests' probe fixtures). */
  extraReadDirs?: string[];
};

/** Whether `command args` runs and exits 0 (a probe; it never blocks the event loop). */
function works(command: string, args: string[]): Promise<boolean> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: 5000, env: {} }, (error) => resolve(!error));
  });
}

/**
 * Detects which isolation layers this host provides and builds the child's command line. The
 * probes run at once and in the background: run one after another with spawnSync they held the
 * server's start for about 0.35 s under load (measured with --cpu-prof).
 */
export async function planLaunch(options: LayerOptions): Promise<LaunchPlan> {
  const isRoot = process.getuid?.() === 0;
  const linux = process.platform === 'linux';
  const os = options.osIsolation !== false && linux;
  const layers: SandboxLayer[] = [];
  const prefix: string[] = [];

  const netnsArgs = isRoot ? ['-n'] : ['-r', '-n'];
  const [netns, setsid, setpriv] = await Promise.all([
    os && works('unshare', [...netnsArgs, 'true']),
    os && works('setsid', ['true']),
    os && isRoot && works('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'true']),
  ]);
  if (netns) {
    prefix.push('unshare', ...netnsArgs);
  }
  layers.push({
    name: 'network-namespace',
    active: netns,
    detail: netns
      ? `unshare ${netnsArgs.join(' ')}: the child has its own network namespace with no interfaces up`
      : 'unavailable (needs Linux and root or unprivileged user namespaces): the child can reach the network',
  });

  // Its own session too: Linux lets any process signal SIGCONT within its session, whatever the uid.
  if (setsid) {
    prefix.push('setsid');
  }
  if (setpriv) {
    prefix.push('setpriv', '--reuid=65534', '--regid=65534', '--clear-groups');
  }
  layers.push({
    name: 'unprivileged-user',
    active: setpriv,
    detail: setpriv
      ? `setpriv: the child runs as uid/gid 65534 (nobody) with no supplementary groups${setsid ? ', in its own session (setsid)' : ''}`
      : `unavailable (${isRoot ? 'setpriv missing' : 'server not running as root'}): the child runs as the server's user`,
  });

  const major = Number(process.versions.node.split('.')[0]);
  const permFlag = major >= 23 ? '--permission' : '--experimental-permission';
  const nodeFlags = [
    permFlag,
    // One flag per directory: Node 20 does not split a comma-separated list.
    ...[options.runtimeDir, ...(options.extraReadDirs ?? [])].map((d) => `--allow-fs-read=${d}`),
    '--disallow-code-generation-from-strings',
    // twice V8's default: CPython's C stack window (runner/child.mjs) is sized to raise
    // RecursionError before this runs out (the main thread's 8 MB stack holds it)
    `--stack-size=${CHILD_STACK_KB}`,
    '--no-warnings',
    '--max-old-space-size=512',
  ];
  layers.push(
    {
      name: 'empty-environment',
      active: true,
      detail: 'the child starts with an empty environment: no server secrets or variables',
    },
    {
      name: 'node-permission-model',
      active: true,
      detail: `${permFlag}: reads only ${options.runtimeDir}; no writes, child processes, workers or addons`,
    },
    {
      name: 'no-js-code-generation',
      active: true,
      detail: '--disallow-code-generation-from-strings: eval and the Function constructor throw',
    },
    {
      name: 'python-restrictions',
      active: true,
      detail:
        'static ast check, import allowlist hook, restricted builtins, js/pyodide_js unregistered, os.system=None',
    },
    {
      name: 'wasm-memory-cap',
      active: true,
      detail: `WebAssembly.Memory.grow refuses past ${options.memoryCapMb} MB and the child exits at once: RESOURCE_LIMIT`,
    },
  );
  const rssWatch = existsSync('/proc/self/status');
  layers.push({
    name: 'rss-watchdog',
    active: rssWatch,
    detail: rssWatch
      ? 'the host polls the child RSS in /proc and kills it past the limit'
      : 'unavailable (no /proc): only the wasm cap bounds memory',
  });
  return { command: prefix[0] ?? process.execPath, prefix, nodeFlags, layers };
}

/** V8's stack limit in the children (KB); see STACK_WINDOW in runner/child.mjs. */
const CHILD_STACK_KB = 2000;

export function childArgs(
  plan: LaunchPlan,
  runtimeDir: string,
  tail: string[],
  entry = `${runtimeDir}/child.mjs`,
): string[] {
  const node = [
    ...plan.nodeFlags,
    '--import',
    `${runtimeDir}/shim.mjs`,
    entry,
    runtimeDir,
    ...tail,
  ];
  return plan.prefix.length > 0 ? [...plan.prefix.slice(1), process.execPath, ...node] : node;
}
