/** An OTLP/JSON export request with one resource and one scope holding `spans` (a test body). */
export function otlpJsonRequest<Span extends object>(...spans: Span[]) {
  return { resourceSpans: [{ scopeSpans: [{ spans }] }] };
}
