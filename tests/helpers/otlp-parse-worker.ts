import { summariseOtlpParse } from '@/traces/parsers/otlp/testing/summarise-otlp-parse';

/** A Worker that answers what `parseOtlpBody` makes of the request body (the golden suite in workerd). */
export default {
  async fetch(request: Request): Promise<Response> {
    const body = new Uint8Array(await request.arrayBuffer());
    const summary = await summariseOtlpParse(body, {
      contentType: request.headers.get('content-type'),
      contentEncoding: request.headers.get('content-encoding'),
    });
    return Response.json(summary);
  },
};
