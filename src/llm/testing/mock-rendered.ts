/** An HTTP answer the mock server writes: a JSON body, or SSE frames written one by one. */
export type MockRendered = {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
  frames?: string[];
};

/**
 * How a provider answers: with its request-id header (`request-id` for Anthropic, `x-request-id`
 * for OpenAI), `req_mock_ok` on a 200 and `req_mock_<status>` otherwise; `headers` are added to it.
 */
export function renderedWithRequestId(requestIdHeader: string) {
  return (
    status: number,
    answer: { body: unknown } | { frames: string[] },
    headers: Record<string, string> = {},
  ): MockRendered => {
    const requestId = status === 200 ? 'req_mock_ok' : `req_mock_${status}`;
    return { status, headers: { [requestIdHeader]: requestId, ...headers }, ...answer };
  };
}

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
