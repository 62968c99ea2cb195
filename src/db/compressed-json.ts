/**
 * JSON stored compressed above a size: `deflate` through the web-standard CompressionStream, which
 * the Node host and Workers both have. A compressed value is a BLOB, a plain one TEXT, so a reader
 * tells them apart by type alone and rows written before compression read as they are.
 */

/** Values whose JSON is at least this many bytes are stored compressed. */
export const COMPRESS_FROM_BYTES = 1024;

/** What a compressed JSON column holds: the value itself (stored as JSON text) or its deflated JSON. */
export type Compressible<T> = T | Uint8Array;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream) {
  const body = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(body).arrayBuffer());
}

/** The deflated JSON of `value` when its JSON reaches `fromBytes`, else `value` itself. */
export async function compressJson<T>(
  value: T,
  fromBytes = COMPRESS_FROM_BYTES,
): Promise<Compressible<T>> {
  const text = JSON.stringify(value);
  if (text.length < fromBytes / 4) {
    return value;
  }
  const bytes = encoder.encode(text);
  return bytes.length < fromBytes ? value : pipe(bytes, new CompressionStream('deflate'));
}

/** The value a compressed JSON column holds, whichever way it was stored. */
export async function decompressJson<T>(stored: Compressible<T>): Promise<T> {
  if (!(stored instanceof Uint8Array)) {
    return stored;
  }
  return JSON.parse(decoder.decode(await pipe(stored, new DecompressionStream('deflate')))) as T;
}

/** A BLOB as the drivers hand it over (Buffer, Uint8Array, ArrayBuffer, D1's number arrays). */
export function blobBytes(value: unknown): Uint8Array | null {
  if (value instanceof Uint8Array) {
    return value;
  }
  if (value instanceof ArrayBuffer) {
    return new Uint8Array(value);
  }
  if (Array.isArray(value) && value.every((n) => typeof n === 'number')) {
    return Uint8Array.from(value as number[]);
  }
  return null;
}
