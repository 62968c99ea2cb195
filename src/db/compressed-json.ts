import { concatBytes } from '@/core/concat-bytes';

/**
 * JSON stored compressed above a size, in the zlib `deflate` format: through the web-standard
 * CompressionStream, which the Node host and Workers both have, or a faster implementation of the
 * same format that a host registers for its database (`setDeflate`; the Node host uses zlib).
 * A compressed value is a BLOB, a plain one TEXT, so a reader tells them apart by type alone and
 * rows written before compression read as they are.
 */

/** Values whose JSON is at least this many bytes are stored compressed. */
export const COMPRESS_FROM_BYTES = 1024;

/** What a compressed JSON column holds: the value itself (stored as JSON text) or its deflated JSON. */
export type Compressible<T> = T | Uint8Array;

/** The zlib deflate format, both ways. */
export type Deflate = {
  deflate(bytes: Uint8Array): Promise<Uint8Array> | Uint8Array;
  inflate(bytes: Uint8Array): Promise<Uint8Array> | Uint8Array;
};

const encoder = new TextEncoder();
const decoder = new TextDecoder();

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream) {
  const writer = stream.writable.getWriter();
  void writer.write(bytes as Uint8Array<ArrayBuffer>);
  void writer.close();
  const reader = stream.readable.getReader();
  const chunks: Uint8Array[] = [];
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    chunks.push(read.value);
  }
  return concatBytes(chunks);
}

/** The web-standard implementation, which every host has. */
export const webDeflate: Deflate = {
  deflate: (bytes) => pipe(bytes, new CompressionStream('deflate')),
  inflate: (bytes) => pipe(bytes, new DecompressionStream('deflate')),
};

const deflateByDb = new WeakMap<object, Deflate>();

/** Declares a faster implementation of the deflate format for this database's values. */
export function setDeflate<T extends object>(db: T, deflate: Deflate): T {
  deflateByDb.set(db, deflate);
  return db;
}

/** The implementation for values of `db`: the one its host registered, else the web standard. */
export const deflateFor = (db?: object): Deflate => (db && deflateByDb.get(db)) || webDeflate;

/** The deflated JSON of `value` when its JSON reaches `fromBytes`, else `value` itself. */
export async function compressJson<T>(
  value: T,
  options: { db?: object; fromBytes?: number } = {},
): Promise<Compressible<T>> {
  const fromBytes = options.fromBytes ?? COMPRESS_FROM_BYTES;
  const text = JSON.stringify(value);
  if (text.length < fromBytes / 4) {
    return value;
  }
  const bytes = encoder.encode(text);
  return bytes.length < fromBytes ? value : deflateFor(options.db).deflate(bytes);
}

/** The value a compressed JSON column holds, whichever way it was stored. */
export async function decompressJson<T>(stored: Compressible<T>, db?: object): Promise<T> {
  if (!(stored instanceof Uint8Array)) {
    return stored;
  }
  return JSON.parse(decoder.decode(await deflateFor(db).inflate(stored))) as T;
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
