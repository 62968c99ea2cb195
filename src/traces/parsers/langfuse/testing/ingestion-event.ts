/** One event of a Langfuse ingestion batch (`POST /api/public/ingestion`): its envelope and body. */
export const ingestionEvent = (
  id: string,
  type: string,
  timestamp: string,
  body: Record<string, unknown>,
) => ({ id, type, timestamp, body });
