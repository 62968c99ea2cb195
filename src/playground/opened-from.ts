import type { PlaygroundMessage } from '@/db/schema';

export type OpenedFrom = { traceId: string; step: number };

/** Where a session opened from a trace came from (kept on its first message's metadata). */
export function openedFromOf(messages: PlaygroundMessage[]): OpenedFrom | null {
  const meta = messages[0]?.metadata as { openedFrom?: OpenedFrom } | undefined;
  return meta?.openedFrom && typeof meta.openedFrom.traceId === 'string' ? meta.openedFrom : null;
}
