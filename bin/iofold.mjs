#!/usr/bin/env node
// The `iofold` command. It runs the compiled server and CLI in dist/ (`npm run build:server`).
// Where tsx is installed (a development checkout) and dist/ is missing or older than src/, it runs
// the TypeScript sources through tsx instead, so an edit is never answered by an old build.
import { fileURLToPath } from 'node:url';
import { serverBuildState } from '../scripts/build-server.mjs';

const root = new URL('../', import.meta.url);

function tsxInstalled() {
  try {
    import.meta.resolve('tsx/esm/api');
    return true;
  } catch {
    return false;
  }
}

const development = tsxInstalled();
const state = serverBuildState({ checkSources: development });
if (state !== 'fresh' && development) {
  const { register } = await import('tsx/esm/api');
  register({ tsconfig: fileURLToPath(new URL('tsconfig.json', root)) });
  await import(new URL('src/cli/main.ts', root).href);
} else if (state === 'missing') {
  process.stderr.write('iofold: dist/ is missing; build it with `npm run build:server`\n');
  process.exitCode = 1;
} else {
  await import(new URL('dist/main.js', root).href);
}
