import { emptySpan, emptyTrace, type NormalisedTrace } from '../../normalised-trace';

const T0 = Date.parse('2026-03-01T10:00:00.000Z');
export const SPLIT_SPANS = 10;

/**
 * Trace `n` of a split-trace workload as OTLP would deliver it: an AGENT root and nine LLM
 * spans, or only the spans of one half (`a`: root and the next four, `b`: the last five), the
 * way a batch exporter splits one trace across two requests.
 */
export function splitTrace(n: number, half?: 'a' | 'b'): NormalisedTrace {
  const trace = emptyTrace('otlp', n.toString(16).padStart(32, '0'));
  const root = `${n.toString(16).padStart(12, '0')}0000`;
  for (let i = 0; i < SPLIT_SPANS; i++) {
    if (half === 'a' ? i >= SPLIT_SPANS / 2 : half === 'b' ? i < SPLIT_SPANS / 2 : false) {
      continue;
    }
    const spanId =
      i === 0 ? root : `${n.toString(16).padStart(12, '0')}${i.toString(16).padStart(4, '0')}`;
    const span = emptySpan(spanId, i === 0 ? 'agent' : `llm-${i}`, T0 + n * 100 + i);
    span.endTime = span.startTime + 1;
    if (i === 0) {
      span.kind = 'AGENT';
    } else {
      span.kind = 'LLM';
      span.parentSpanId = root;
      span.inputMessages = [
        { role: 'system', content: 'You are the split-trace agent.' },
        { role: 'user', content: `question ${n}.${i}` },
      ];
      span.outputMessages = [{ role: 'assistant', content: `answer ${n}.${i}` }];
    }
    trace.spans.push(span);
  }
  return trace;
}
