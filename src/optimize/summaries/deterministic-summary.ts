import { and, type Column, eq, type SQL } from 'drizzle-orm';
import { traceSummaries } from '@/db/schema';

/** The join condition to a trace's deterministic summary (the one ingest writes, with no model). */
export function deterministicSummaryOf(traceId: Column): SQL | undefined {
  return and(
    eq(traceSummaries.traceId, traceId),
    eq(traceSummaries.kind, 'deterministic'),
    eq(traceSummaries.model, ''),
  );
}
