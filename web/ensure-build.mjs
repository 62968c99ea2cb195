// Builds web/dist when it is missing or older than any source file; `npm start` runs this first so
// a fresh clone serves the dashboard with no extra step. A fresh build takes about a second.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const webDir = fileURLToPath(new URL('.', import.meta.url));
const stamp = join(webDir, 'dist', 'index.html');

function newestMtime(path) {
  const info = statSync(path);
  if (!info.isDirectory()) {
    return info.mtimeMs;
  }
  let newest = info.mtimeMs;
  for (const entry of readdirSync(path)) {
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** True when web/dist/index.html is missing or older than web/src, index.html or the config. */
export function isWebBuildStale() {
  if (!existsSync(stamp)) {
    return true;
  }
  const sources = ['src', 'public', 'index.html', 'vite.config.ts'].map((p) => join(webDir, p));
  return Math.max(...sources.map(newestMtime)) > statSync(stamp).mtimeMs;
}

/** Runs the Vite build when stale; resolves to whether a build ran. */
export async function ensureWebBuild({ quiet = false } = {}) {
  if (!isWebBuildStale()) {
    return false;
  }
  let vite;
  try {
    vite = await import('vite');
  } catch {
    process.stderr.write(
      'iofold: vite is not installed; the dashboard is not built (npm install)\n',
    );
    return false;
  }
  const started = Date.now();
  // A parent test runner sets NODE_ENV=test, which would make React's development build.
  process.env.NODE_ENV = 'production';
  await vite.build({
    mode: 'production',
    configFile: join(webDir, 'vite.config.ts'),
    logLevel: quiet ? 'silent' : 'warn',
  });
  if (!quiet) {
    process.stdout.write(`iofold: built the dashboard in ${Date.now() - started} ms\n`);
  }
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await ensureWebBuild();
}
