// Extends zod with .openapi() before any lazily loaded command evaluates a schema: in the compiled
// CLI, esbuild's chunks link `z` straight to zod's chunk and may evaluate a schema module before
// the chunk holding @hono/zod-openapi's extension ("….openapi is not a function" in `keys create`).
import '@hono/zod-openapi';
import { processIo } from './cli-io';
import { runCli } from './run-cli';

process.exitCode = await runCli(process.argv.slice(2), processIo());
