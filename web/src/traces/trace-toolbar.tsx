import { useEffect, useState } from 'react';
import { Icon } from '../components/icons';
import { MetadataFilter } from '../components/metadata-filter';
import { ColumnPicker, MakeReviewQueue, SavedViews } from '../components/trace-view-tools';
import { Link, navigate, setSearch } from '../lib/router';
import type { TraceFilters } from '../lib/traces';

function SearchBox({ value }: { value: string }) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    const timer = setTimeout(() => {
      if (text !== value) {
        setSearch({ q: text.trim() || null });
      }
    }, 250);
    return () => clearTimeout(timer);
  }, [text, value]);
  return (
    <div className="search">
      <Icon name="search" />
      <input
        type="search"
        aria-label="Search traces"
        placeholder="Search inputs and outputs…"
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
    </div>
  );
}

function Select({
  label,
  name,
  value,
  options,
}: {
  label: string;
  name: string;
  value: string;
  options: [string, string][];
}) {
  return (
    <label className="row">
      <span className="sr-only">{label}</span>
      <select
        aria-label={label}
        value={value}
        onChange={(e) => setSearch({ [name]: e.target.value || null })}
      >
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}

const SOURCES = ['otlp', 'langfuse', 'langsmith', 'phoenix', 'import', 'api', 'demo'];

/** The Traces toolbar: search, filters (kept in the URL), columns, saved views and a queue. */
export function TraceToolbar({
  filters,
  columns,
  view,
}: {
  filters: TraceFilters;
  columns: string[];
  view: string | null;
}) {
  const filtered = Object.keys(filters).length > 0;
  return (
    <div className="toolbar">
      <SearchBox value={filters.q ?? ''} />
      <Select
        label="Label"
        name="label"
        value={filters.label ?? ''}
        options={[
          ['', 'Any label'],
          ['unlabelled', 'Unlabelled'],
          ['positive', 'Good'],
          ['negative', 'Bad'],
          ['neutral', 'Neutral'],
        ]}
      />
      <Select
        label="Errors"
        name="hasErrors"
        value={filters.hasErrors ?? ''}
        options={[
          ['', 'Errors or not'],
          ['true', 'With errors'],
          ['false', 'Without errors'],
        ]}
      />
      <Select
        label="Source"
        name="source"
        value={filters.source ?? ''}
        options={[['', 'Any source'], ...SOURCES.map((s) => [s, s] as [string, string])]}
      />
      <MetadataFilter
        agentId={filters.agentId}
        metaKey={filters.metaKey}
        metaValue={filters.metaValue}
      />
      <ColumnPicker agentId={filters.agentId} columns={columns} />
      <SavedViews filters={filters} columns={columns} current={view} />
      {filtered ? <MakeReviewQueue filters={filters} /> : null}
      {filtered ? (
        <button
          type="button"
          className="btn ghost sm"
          onClick={() => navigate('/traces', { replace: true })}
        >
          Clear filters
        </button>
      ) : null}
      <span className="spacer" />
      <Link className="btn sm" to="/import">
        Import a file
      </Link>
    </div>
  );
}
