import { constants, Deflate, deflateSync, inflateSync } from 'node:zlib';
import type { Deflate as DeflateFormat } from './compressed-json';

/** The parts of Node's zlib stream that its own synchronous calls drive (`lib/zlib.js`). */
type ZlibHandle = {
  writeSync(
    flush: number,
    input: Uint8Array,
    inOffset: number,
    inLength: number,
    output: Uint8Array,
    outOffset: number,
    outLength: number,
  ): void;
  reset(): void;
  onerror?: (message: string, errno: number) => void;
};
type Engine = { handle: ZlibHandle; state: Uint32Array; out: Buffer; error?: Error };

const OUT_CHUNK = 16 * 1024;

/**
 * One deflate stream kept and reset between values, where `deflateSync` builds a stream (a
 * Transform, its zlib state of about 270 KB, a 16 KB output buffer) for each one: about half of
 * an eval view's deflate was that set-up. Undefined where Node's stream lacks the parts it drives.
 */
function newEngine(): Engine | undefined {
  const stream = new Deflate() as unknown as { _handle?: ZlibHandle; _writeState?: unknown };
  const handle = stream._handle;
  const state = stream._writeState;
  if (typeof handle?.writeSync !== 'function' || !(state instanceof Uint32Array)) {
    return undefined;
  }
  const engine: Engine = { handle, state, out: Buffer.allocUnsafe(OUT_CHUNK) };
  // zlib reports an error through this callback, not by throwing
  handle.onerror = (message, errno) => {
    engine.error = Object.assign(new Error(message), { errno });
  };
  return engine;
}

/**
 * The first `length` bytes of `buffer` in a buffer of their own (not a slice of Node's shared pool:
 * a driver that reads a value's whole ArrayBuffer gets exactly the value).
 */
function ownCopy(buffer: Buffer, length: number): Buffer {
  const copy = Buffer.allocUnsafeSlow(length);
  buffer.copy(copy, 0, 0, length);
  return copy;
}

/** `bytes` deflated by `engine`, as `deflateSync(bytes)` answers them (same zlib, same settings). */
function deflateWith(engine: Engine, bytes: Uint8Array): Uint8Array {
  const { handle, state, out } = engine;
  const parts: Buffer[] = [];
  let inOffset = 0;
  let inLength = bytes.byteLength;
  for (;;) {
    handle.writeSync(constants.Z_FINISH, bytes, inOffset, inLength, out, 0, out.length);
    if (engine.error) {
      throw engine.error;
    }
    const outLeft = state[0] as number;
    const inLeft = state[1] as number;
    parts.push(ownCopy(out, out.length - outLeft));
    if (outLeft !== 0) {
      break;
    }
    inOffset += inLength - inLeft;
    inLength = inLeft;
  }
  handle.reset();
  return parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
}

let engine: Engine | undefined | null = null;

function deflate(bytes: Uint8Array): Uint8Array {
  if (engine === null) {
    engine = newEngine();
  }
  if (!engine) {
    return deflateSync(bytes);
  }
  try {
    return deflateWith(engine, bytes);
  } catch (error) {
    engine = null; // a stream that failed is not used again
    throw error;
  }
}

/**
 * The deflate format through Node's zlib, synchronously: measured 3-5x faster than the stream
 * classes for eval-view-sized values (bench/storage), and byte-compatible with them.
 */
export const zlibDeflate: DeflateFormat = {
  deflate,
  inflate: (bytes) => inflateSync(bytes),
};
