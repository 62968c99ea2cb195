import { describe, expect, it } from 'vitest';
import { readSse, type SseEvent } from './read-sse';

/** A body delivered in exactly these chunks. */
function body(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) {
        controller.enqueue(encoder.encode(chunk));
      }
      controller.close();
    },
  });
}

async function read(chunks: string[]): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  for await (const event of readSse(body(chunks))) {
    events.push(event);
  }
  return events;
}

describe('readSse', () => {
  it('reads id, event and multi-line data, skipping comments and heartbeats', async () => {
    const events = await read([
      ': keep-alive\n\n',
      'id: 7\nevent: progress\ndata: {"done":1}\n\n',
      'data: one\ndata: two\n\n',
    ]);
    expect(events).toEqual([
      { id: '7', event: 'progress', data: '{"done":1}' },
      { event: 'message', data: 'one\ntwo' },
    ]);
  });

  it('ends lines at a lone CR and at a CRLF split across chunks', async () => {
    const events = await read(['event: a\rdata: 1\r\r', 'event: b\r\ndata: 2\r', '\n\r', '\n']);
    expect(events).toEqual([
      { event: 'a', data: '1' },
      { event: 'b', data: '2' },
    ]);
  });

  it('joins a frame and a UTF-8 character split across chunks', async () => {
    const bytes = new TextEncoder().encode('event: note\ndata: café\n\n');
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, 19));
        controller.enqueue(bytes.slice(19));
        controller.close();
      },
    });
    const events: SseEvent[] = [];
    for await (const event of readSse(stream)) {
      events.push(event);
    }
    expect(events).toEqual([{ event: 'note', data: 'café' }]);
  });
});
