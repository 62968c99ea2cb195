import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { Ctx } from '@/core/context';
import { type ImportOptions, type ImportResult, importTraces } from './import-traces';

/** Imports a file from disk (the CLI's `iofold import`), streamed, with progress through `onProgress`. */
export function importFile(
  ctx: Ctx,
  path: string,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const stream = Readable.toWeb(createReadStream(path)) as unknown as ReadableStream<Uint8Array>;
  return importTraces(ctx, stream, options);
}
