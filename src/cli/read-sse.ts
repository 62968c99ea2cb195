import { EventSourceParserStream } from 'eventsource-parser/stream';

export type SseEvent = { id?: string; event: string; data: string };

/** Parses a `text/event-stream` body into events (comments and heartbeats are skipped). */
export async function* readSse(stream: ReadableStream<Uint8Array>): AsyncGenerator<SseEvent> {
  // TextDecoderStream decodes any Uint8Array; the DOM types accept ArrayBuffer-backed ones only.
  const decoder = new TextDecoderStream() as unknown as TransformStream<Uint8Array, string>;
  const reader = stream.pipeThrough(decoder).pipeThrough(new EventSourceParserStream()).getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        return;
      }
      yield {
        ...(value.id === undefined ? {} : { id: value.id }),
        event: value.event ?? 'message',
        data: value.data,
      };
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
}
