import { messagesOfRecord } from '../parsers/parse-chat-transcript';
import { isRecord } from '../to-eval-messages';

export const IMPORT_FORMATS = [
  'auto',
  'openai',
  'otlp',
  'langfuse',
  'phoenix',
  'langsmith',
] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** The format of an import from its first record. */
export function detectImportFormat(record: unknown): Exclude<ImportFormat, 'auto'> | null {
  if (isRecord(record)) {
    if (Array.isArray(record.resourceSpans)) {
      return 'otlp';
    }
    if (Array.isArray(record.batch)) {
      return 'langfuse';
    }
    if ('run_type' in record || 'dotted_order' in record || 'parent_run_id' in record) {
      return 'langsmith';
    }
    if (
      'span_kind' in record ||
      (isRecord(record.context) && 'span_id' in record.context) ||
      'context.span_id' in record
    ) {
      return 'phoenix';
    }
    if (
      (typeof record.traceId === 'string' && typeof record.type === 'string') ||
      ('observations' in record && 'timestamp' in record)
    ) {
      return 'langfuse';
    }
  }
  return messagesOfRecord(record) ? 'openai' : null;
}
