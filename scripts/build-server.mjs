// Compiles the server and CLI (src/cli/main.ts and everything it imports) into dist/ with esbuild:
// one ES module per entry plus shared chunks, so lazily imported commands stay lazy. Pure-JS
// packages are bundled in: Node 20 resolves, reads and links each file of an ES module package
// on its own, and drizzle-orm, zod and hono are some 250 files, most of a command's start-up time
// (measured with --cpu-prof). Packages with native code or files they load from their own folder
// stay external (node_modules at run time). The build fails if the code imports a package that is
// not a runtime dependency, so `npm ci --omit=dev` with a prebuilt dist/ always has what it needs.
import {
  existsSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
} from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const DIST_DIR = join(root, 'dist');
/** The entry `bin/iofold.mjs` runs; its mtime is the time the build started. */
export const DIST_ENTRY = join(DIST_DIR, 'main.js');
const SOURCES = ['src', 'tsconfig.json', 'package.json'];
/** Loaded from node_modules at run time: native addons, and pyodide's wasm and stdlib files. */
const EXTERNAL_PACKAGES = ['better-sqlite3', '@libsql/client', 'pyodide'];
/** Bundled CommonJS code calls `require` for Node's built-ins; an ES module has none of its own. */
const REQUIRE_SHIM =
  "import { createRequire as __iofoldCreateRequire } from 'node:module'; const require = __iofoldCreateRequire(import.meta.url);";

function newestMtime(path) {
  const info = statSync(path);
  let newest = info.mtimeMs;
  if (info.isDirectory()) {
    for (const entry of readdirSync(path)) {
      newest = Math.max(newest, newestMtime(join(path, entry)));
    }
  }
  return newest;
}

/**
 * 'missing' without dist/main.js; 'stale' when a source changed after its build started (checked
 * only with `checkSources`: it reads the mtime of every file under src/, a few milliseconds).
 */
export function serverBuildState({ base = root, checkSources = true } = {}) {
  const entry = join(base, 'dist', 'main.js');
  if (!existsSync(entry)) {
    return 'missing';
  }
  if (!checkSources) {
    return 'fresh';
  }
  const sources = Math.max(...SOURCES.map((p) => newestMtime(join(base, p))));
  return sources > statSync(entry).mtimeMs ? 'stale' : 'fresh';
}

/** Package names of a bare import: `@scope/name/sub` -> `@scope/name`, `name/sub` -> `name`. */
function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

/** Builds dist/ into a temporary folder, then swaps it in; resolves to the build time in ms. */
export async function buildServer({ outDir = DIST_DIR } = {}) {
  const started = Date.now();
  const esbuild = await import('esbuild').catch((error) => {
    throw new Error(
      'esbuild is not installed (a production install): build dist/ where the dev dependencies are',
      { cause: error },
    );
  });
  const staging = `${outDir}.${process.pid}.tmp`;
  rmSync(staging, { recursive: true, force: true });
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: { main: 'src/cli/main.ts' },
    outdir: staging,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: EXTERNAL_PACKAGES,
    banner: { js: REQUIRE_SHIM },
    chunkNames: 'chunks/[name]-[hash]',
    sourcemap: true,
    metafile: true,
    logLevel: 'warning',
  });
  const { dependencies = {} } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const missing = new Set();
  for (const [file, input] of Object.entries(result.metafile.inputs)) {
    if (file.includes('node_modules/')) {
      continue; // a package's own imports are its dependencies, installed with it
    }
    for (const { original } of input.imports) {
      const name = original && !/^(\.|\/|@\/|node:)/.test(original) && packageName(original);
      if (name && !builtinModules.includes(name) && !(name in dependencies)) {
        missing.add(name);
      }
    }
  }
  if (missing.size > 0) {
    rmSync(staging, { recursive: true, force: true });
    throw new Error(
      `the server imports packages that are not runtime dependencies: ${[...missing].join(', ')}`,
    );
  }
  const startedAt = new Date(started);
  utimesSync(join(staging, 'main.js'), startedAt, startedAt);
  rmSync(outDir, { recursive: true, force: true });
  renameSync(staging, outDir);
  return Date.now() - started;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const ifStale = process.argv.includes('--if-stale');
  const state = serverBuildState();
  if (!ifStale || state !== 'fresh') {
    try {
      const ms = await buildServer();
      process.stdout.write(`iofold: built the server in ${ms} ms\n`);
    } catch (error) {
      const noEsbuild = error?.cause?.code === 'ERR_MODULE_NOT_FOUND';
      if (!noEsbuild) {
        throw error;
      }
      process.stderr.write(
        state === 'missing'
          ? `iofold: ${error.message}\n`
          : 'iofold: dist/ is older than src/ and esbuild is not installed: running the existing build (npm install; npm run build:server)\n',
      );
      process.exitCode = state === 'missing' ? 1 : 0;
    }
  }
}
