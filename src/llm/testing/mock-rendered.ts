/** An HTTP answer the mock server writes: a JSON body, or SSE frames written one by one. */
export type MockRendered = {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
  frames?: string[];
};

export function sseData(data: unknown): string {
  return `data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
}

export function sseEvent(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** Splits text into small pieces so streams carry several deltas. */
export function chunkText(text: string, size = 8): string[] {
  const pieces: string[] = [];
  for (let i = 0; i < text.length; i += size) {
    pieces.push(text.slice(i, i + size));
  }
  return pieces;
}
