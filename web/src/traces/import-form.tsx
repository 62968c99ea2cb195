import { formatCount } from '../lib/format';
import type { ImportState } from './use-import';

const FORMATS: [string, string][] = [
  ['auto', 'Detect from the file'],
  ['openai', 'Chat transcripts (OpenAI messages)'],
  ['otlp', 'OpenTelemetry (OTLP JSON)'],
  ['langfuse', 'Langfuse export'],
  ['phoenix', 'Phoenix spans'],
  ['langsmith', 'LangSmith runs'],
];

/** The file, its format and label field, Import, and why a file cannot be imported here. */
export function ImportForm({ state }: { state: ImportState }) {
  const { file, upload, tooLarge } = state;
  return (
    <form className="card stack" style={{ padding: 20 }} onSubmit={state.submit}>
      <p className="text-2">
        A JSONL or JSON file: chat transcripts (one conversation of OpenAI-style messages per line,
        an optional <code>label</code>), OTLP JSON, or a Langfuse, Phoenix or LangSmith export.
        Importing the same file twice changes nothing.
      </p>
      <label className="field">
        File
        <input
          type="file"
          accept=".jsonl,.json,.ndjson,application/json"
          onChange={(e) => state.setFile(e.target.files?.[0] ?? null)}
        />
      </label>
      <label className="field">
        Format
        <select value={state.format} onChange={(e) => state.setFormat(e.target.value)}>
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
          value={state.labelField}
          placeholder="e.g. reward: read each transcript's label from this field"
          onChange={(e) => state.setLabelField(e.target.value)}
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
      {tooLarge && file ? (
        <p className="alert error" role="alert" data-testid="import-too-large">
          This file is {formatCount(Math.round(file.size / 1024 / 1024))} MiB; the dashboard takes
          up to 50 MiB per upload. Import it from a terminal with{' '}
          <code>npx iofold import {file.name}</code> (no size limit, the same result), or split it
          into smaller files.
        </p>
      ) : null}
      {upload.isError ? (
        <p className="alert error" role="alert">
          {upload.error.message}
        </p>
      ) : null}
    </form>
  );
}
