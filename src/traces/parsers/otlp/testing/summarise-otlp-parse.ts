import { isAppError } from '@/core/errors';
import { deriveEvalView } from '../../../derive-eval-view';
import { parseOtlpBody } from '../parse-otlp-body';

export type OtlpParseSummary =
  | { ok: true; traces: unknown[] }
  | { ok: false; code: string; message: string };

/**
 * What a host makes of one OTLP request body, as plain JSON: the normalised traces with their eval
 * views, or the error code. The golden suite compares this between Node and workerd.
 */
export async function summariseOtlpParse(
  body: Uint8Array,
  headers: { contentType?: string | null; contentEncoding?: string | null },
): Promise<OtlpParseSummary> {
  try {
    const traces = await parseOtlpBody(body, headers);
    return {
      ok: true,
      traces: JSON.parse(
        JSON.stringify(
          traces.map((trace) => ({ ...trace, view: deriveEvalView(trace, { traceId: 'x' }).view })),
        ),
      ),
    };
  } catch (error) {
    if (isAppError(error)) {
      return { ok: false, code: error.code, message: error.message };
    }
    throw error;
  }
}
