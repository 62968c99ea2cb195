import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const IOFOLD_BIN = fileURLToPath(new URL('../../bin/iofold.mjs', import.meta.url));

export type RunResult = { code: number | null; stdout: string; stderr: string };
type RunOptions = { cwd?: string; env?: Record<string, string>; input?: string };

/** Runs `iofold ARGS` as a user would (a separate node process) and collects its output. */
export function runIofold(args: string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [IOFOLD_BIN, ...args], {
      cwd: options.cwd ?? REPO_ROOT,
      env: { ...cleanEnv(), ...options.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

export type RunningServer = {
  url: string;
  child: ChildProcess;
  output(): string;
  stop(): Promise<number | null>;
};

/** Starts `iofold serve --port 0 ARGS` and resolves once it prints its URL. */
export function startIofoldServe(args: string[], options: RunOptions = {}): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [IOFOLD_BIN, 'serve', '--port', '0', ...args], {
      cwd: options.cwd ?? REPO_ROOT,
      env: { ...cleanEnv(), ...options.env },
    });
    let out = '';
    const onData = (chunk: Buffer) => {
      out += chunk;
      const match = /ready at (http:\/\/\S+)/.exec(out);
      if (match?.[1]) {
        child.stdout.off('data', onData);
        child.stdout.on('data', (more) => (out += more));
        resolve({
          url: match[1],
          child,
          output: () => out,
          stop: () =>
            new Promise((done) => {
              child.once('exit', (code) => done(code));
              child.kill('SIGTERM');
            }),
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk) => (out += chunk));
    child.once('exit', (code) => reject(new Error(`iofold serve exited with ${code}:\n${out}`)));
  });
}

/** The parent's environment without iofold or model settings, so tests see a fresh machine. */
function cleanEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^(IOFOLD_|OPENAI_|ANTHROPIC_|OPENROUTER_)/.test(key)) {
      env[key] = value;
    }
  }
  return env;
}
