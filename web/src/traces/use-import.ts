import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useCallback, useState } from 'react';
import type { ImportResult } from '@/traces/import/import-traces';
import type { StartedImport } from '@/traces/import/start-import';
import { api, qs } from '../lib/api';

/** The server's limit on one upload (POST /api/traces/import); the CLI has none. */
const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

type Answer = ImportResult | (StartedImport & { status: 'queued' });

/**
 * The import form's state and its upload. A large file (the server answers 202) imports as a job:
 * `started` names it, and its result arrives through `onJobFinish`.
 */
export function useImport() {
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState('auto');
  const [labelField, setLabelField] = useState('');
  const [fromJob, setFromJob] = useState<ImportResult | null>(null);
  const refresh = useCallback(() => {
    for (const key of ['traces', 'agents', 'review-queue']) {
      void queryClient.invalidateQueries({ queryKey: [key] });
    }
  }, [queryClient]);
  const upload = useMutation({
    mutationFn: (f: File) =>
      api.upload<Answer>(`/api/traces/import${qs({ format, labelField })}`, f),
    onSuccess: refresh,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (file) {
      setFromJob(null);
      upload.mutate(file);
    }
  };
  const started = upload.data && 'jobId' in upload.data ? upload.data : null;
  const onJobFinish = useCallback(
    (job: { status: string; result: unknown }) => {
      if (job.status === 'succeeded') {
        setFromJob(job.result as ImportResult);
        refresh();
      }
    },
    [refresh],
  );
  return {
    file,
    setFile,
    format,
    setFormat,
    labelField,
    setLabelField,
    upload,
    submit,
    started,
    onJobFinish,
    result: started ? fromJob : (upload.data as ImportResult | undefined),
    tooLarge: file !== null && file.size > MAX_UPLOAD_BYTES,
  };
}

export type ImportState = ReturnType<typeof useImport>;
