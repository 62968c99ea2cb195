import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { Job } from './types';

export type JobLogLine = { id: string; at: string; kind: string; message: string };

const KINDS = [
  'snapshot',
  'queued',
  'started',
  'progress',
  'log',
  'retrying',
  'cancel_requested',
  'succeeded',
  'failed',
  'cancelled',
];

function describe(kind: string, data: Record<string, unknown>): string {
  if (typeof data.message === 'string') {
    return data.message;
  }
  if (typeof data.line === 'string') {
    return data.line;
  }
  if (kind === 'progress' && typeof data.percent === 'number') {
    return `${Math.round(data.percent)}% (${data.done ?? '?'} of ${data.total ?? '?'})`;
  }
  const error = data.error as { message?: string } | undefined;
  return error?.message ?? kind.replace('_', ' ');
}

/**
 * Follows one job's server-sent events: patches the cached job as progress arrives and keeps the
 * event log. EventSource reconnects by itself and resumes with Last-Event-ID.
 */
export function useJobStream(jobId: string | null) {
  const queryClient = useQueryClient();
  const [lines, setLines] = useState<JobLogLine[]>([]);
  const [live, setLive] = useState(false);
  useEffect(() => {
    setLines([]);
    if (!jobId) {
      return;
    }
    const source = new EventSource(`/v1/jobs/${encodeURIComponent(jobId)}/events`);
    source.onopen = () => setLive(true);
    source.onerror = () => setLive(false);
    const onEvent = (event: MessageEvent<string>) => {
      let data: Record<string, unknown> = {};
      try {
        data = JSON.parse(event.data) as Record<string, unknown>;
      } catch {
        return;
      }
      const kind = event.type;
      queryClient.setQueryData<Job>(['job', jobId], (job) => {
        if (!job && kind !== 'snapshot') {
          return job;
        }
        const base = (job ?? {}) as Job;
        if (kind === 'snapshot') {
          return { ...base, ...(data as Partial<Job>), id: jobId };
        }
        if (kind === 'progress') {
          return { ...base, status: 'running', progress: data as Job['progress'] };
        }
        if (['started', 'succeeded', 'failed', 'cancelled', 'queued'].includes(kind)) {
          const status = (kind === 'started' ? 'running' : kind) as Job['status'];
          const result =
            kind === 'succeeded' && 'result' in data ? (data.result as Job['result']) : base.result;
          return { ...base, status, result, error: (data.error as Job['error']) ?? base.error };
        }
        return base;
      });
      if (kind !== 'snapshot') {
        setLines((l) => [
          ...l.slice(-499),
          {
            id: event.lastEventId || String(l.length),
            at: String(data.at ?? ''),
            kind,
            message: describe(kind, data),
          },
        ]);
      }
      if (['succeeded', 'failed', 'cancelled'].includes(kind)) {
        void queryClient.invalidateQueries({ queryKey: ['jobs'] });
        void queryClient.invalidateQueries({ queryKey: ['job', jobId] });
      }
    };
    for (const kind of KINDS) {
      source.addEventListener(kind, onEvent as EventListener);
    }
    return () => {
      source.close();
      setLive(false);
    };
  }, [jobId, queryClient]);
  return { lines, live };
}
