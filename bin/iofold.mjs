#!/usr/bin/env node
// The `iofold` command: runs the TypeScript sources through tsx's loader (no build step), with
// the repository's tsconfig so the `@/` path alias resolves from any working directory.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

const root = new URL('../', import.meta.url);
register({ tsconfig: fileURLToPath(new URL('tsconfig.json', root)) });
await import(new URL('src/cli/main.ts', root).href);
