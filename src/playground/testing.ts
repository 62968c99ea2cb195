/** The events of an AI SDK UI message stream body (`data: {...}` lines), for tests and benches. */
export function uiStreamEvents(body: string): { type: string; [key: string]: unknown }[] {
  return body
    .split('\n')
    .filter((line) => line.startsWith('data: ') && line !== 'data: [DONE]')
    .map((line) => JSON.parse(line.slice('data: '.length)));
}

/** The text the reply streamed. */
export const streamedText = (body: string) =>
  uiStreamEvents(body)
    .flatMap((e) => (e.type === 'text-delta' ? [String(e.delta)] : []))
    .join('');
