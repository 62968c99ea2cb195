import { describe, expect, it } from 'vitest';
import { isAppError } from '@/core/errors';
import { type RawRecord, readRecords } from './read-records';

/** A stream of `total` bytes of one JSON string line, in 64 KiB chunks, counting what was pulled. */
function oneLongLine(total: number) {
  const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode('{"messages":[{"role":"user","content":"'));
    },
    pull(controller) {
      if (pulled >= total) {
        controller.enqueue(new TextEncoder().encode('"}]}\n'));
        controller.close();
        return;
      }
      pulled += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  return { stream, pulled: () => pulled };
}

async function collect(stream: ReadableStream<Uint8Array>): Promise<RawRecord[]> {
  const out: RawRecord[] = [];
  for await (const record of readRecords(stream)) {
    out.push(record);
  }
  return out;
}

describe('readRecords', () => {
  it('refuses a 60 MB one-line file as soon as the line passes 20 MiB, without reading the rest (413)', async () => {
    const { stream, pulled } = oneLongLine(60 * 1024 * 1024);
    const error = await collect(stream).catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe('LIMIT_EXCEEDED');
    expect((error as { details: { tooLarge: boolean; line: number } }).details).toMatchObject({
      tooLarge: true,
      line: 1,
    });
    expect(pulled()).toBeLessThan(21 * 1024 * 1024);
  });

  it('splits lines across chunk boundaries, CRLF included, and keeps the last line without a newline', async () => {
    const text = '{"a":1}\r\n{"a":2}\n\n{"a":3}';
    const bytes = new TextEncoder().encode(text);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 3) {
          controller.enqueue(bytes.slice(i, i + 3));
        }
        controller.close();
      },
    });
    expect(await collect(stream)).toEqual([
      { line: 1, value: { a: 1 } },
      { line: 2, value: { a: 2 } },
      { line: 4, value: { a: 3 } },
    ]);
  });
});
