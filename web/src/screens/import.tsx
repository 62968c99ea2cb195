import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useCallback, useState } from 'react';
import type { ImportResult } from '@/traces/import/import-traces';
import type { StartedImport } from '@/traces/import/start-import';
import { InlineJob } from '../components/job-progress';
import { PageHeader } from '../components/shell';
import { api, qs } from '../lib/api';
import { formatCount } from '../lib/format';
import { Link } from '../lib/router';

const FORMATS: [string, string][] = [
  ['auto', 'Detect from the file'],
  ['openai', 'Chat transcripts (OpenAI messages)'],
  ['otlp', 'OpenTelemetry (OTLP JSON)'],
  ['langfuse', 'Langfuse export'],
  ['phoenix', 'Phoenix spans'],
  ['langsmith', 'LangSmith runs'],
];

/** The server's limit on one upload (POST /api/traces/import); the CLI has none. */
const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

type Answer = ImportResult | (StartedImport & { status: 'queued' });

/**
 * Uploads a JSONL or JSON file to the import route and shows what was stored. A large file (the
 * server answers 202) imports as a job: its progress shows here, then the same summary.
 */
export default function ImportScreen() {
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
  const r = started ? fromJob : (upload.data as ImportResult | undefined);
  const tooLarge = file !== null && file.size > MAX_UPLOAD_BYTES;
  return (
    <>
      <PageHeader>
        <h1>Import traces</h1>
      </PageHeader>
      <div className="page-body" style={{ maxWidth: 760 }}>
        <form className="card stack" style={{ padding: 20 }} onSubmit={submit}>
          <p className="text-2">
            A JSONL or JSON file: chat transcripts (one conversation of OpenAI-style messages per
            line, an optional <code>label</code>), OTLP JSON, or a Langfuse, Phoenix or LangSmith
            export. Importing the same file twice changes nothing.
          </p>
          <label className="field">
            File
            <input
              type="file"
              accept=".jsonl,.json,.ndjson,application/json"
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            />
          </label>
          <label className="field">
            Format
            <select value={format} onChange={(e) => setFormat(e.target.value)}>
              {FORMATS.map(([value, text]) => (
                <option key={value} value={value}>
                  {text}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            Label field (optional)
            <input
              type="text"
              value={labelField}
              placeholder="e.g. reward: read each transcript's label from this field"
              onChange={(e) => setLabelField(e.target.value)}
            />
          </label>
          <div className="row">
            <button
              type="submit"
              className="btn primary"
              disabled={!file || tooLarge || upload.isPending}
            >
              {upload.isPending ? 'Importing…' : 'Import'}
            </button>
            {file ? (
              <span className="muted">
                {file.name} · {formatCount(file.size)} bytes
              </span>
            ) : null}
          </div>
          {tooLarge ? (
            <p className="alert error" role="alert" data-testid="import-too-large">
              This file is {formatCount(Math.round(file.size / 1024 / 1024))} MiB; the dashboard
              takes up to 50 MiB per upload. Import it from a terminal with{' '}
              <code>npx iofold import {file.name}</code> (no size limit, the same result), or split
              it into smaller files.
            </p>
          ) : null}
          {upload.isError ? (
            <p className="alert error" role="alert">
              {upload.error.message}
            </p>
          ) : null}
        </form>
        {started ? (
          <div style={{ marginTop: 16 }}>
            <InlineJob
              key={started.jobId}
              id={started.jobId}
              title={`Importing ${formatCount(started.bytes)} bytes in the background`}
              onFinish={onJobFinish}
            />
          </div>
        ) : null}
        {r ? (
          <section className="card stack" style={{ padding: 20, marginTop: 16 }} aria-live="polite">
            <h2 data-testid="import-result">
              Imported {r.tracesStored} traces ({r.created} new)
            </h2>
            <dl className="kv">
              <dt>Format</dt>
              <dd>{r.format ?? 'unknown'}</dd>
              <dt>Records read</dt>
              <dd>{r.records}</dd>
              <dt>Errors</dt>
              <dd>{r.errors}</dd>
            </dl>
            {r.recordErrors.length > 0 ? (
              <table className="table" aria-label="Records that could not be imported">
                <thead>
                  <tr>
                    <th scope="col">Line</th>
                    <th scope="col">Problem</th>
                  </tr>
                </thead>
                <tbody>
                  {r.recordErrors.map((e) => (
                    <tr key={`${e.line}-${e.message}`}>
                      <td className="mono">{e.line || '—'}</td>
                      <td>{e.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
            <div className="row">
              <Link className="btn primary" to="/review">
                Review them
              </Link>
              <Link className="btn" to="/traces">
                Browse traces
              </Link>
            </div>
          </section>
        ) : null}
      </div>
    </>
  );
}
