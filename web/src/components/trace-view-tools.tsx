import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { TraceMetadataKeys } from '@/traces/query/trace-metadata-keys';
import { api, qs } from '../lib/api';
import { navigate, setSearch } from '../lib/router';
import { useMembers } from '../lib/settings';
import { type ReviewQueueView, type SavedViewView, useSavedViews } from '../lib/trace-views';
import type { TraceFilters } from '../lib/traces';

/** Built-in columns every list item carries, then the metadata keys of the newest traces. */
export const BUILT_IN_COLUMNS = ['session', 'user', 'tags'] as const;

/** Chooses which metadata columns the trace list shows (kept in the URL's `cols`). */
export function ColumnPicker({ agentId, columns }: { agentId?: string; columns: string[] }) {
  const keys = useQuery({
    queryKey: ['trace-metadata', agentId ?? null],
    queryFn: ({ signal }) =>
      api.get<TraceMetadataKeys>(`/v1/trace-metadata${qs({ agentId })}`, signal),
    staleTime: 60_000,
  });
  const options = [...BUILT_IN_COLUMNS, ...(keys.data?.data.map((k) => k.key) ?? [])];
  const toggle = (key: string) => {
    const next = columns.includes(key) ? columns.filter((c) => c !== key) : [...columns, key];
    setSearch({ cols: next.slice(0, 8).join(',') || null });
  };
  return (
    <details className="menu">
      <summary className="btn sm">Columns{columns.length ? ` (${columns.length})` : ''}</summary>
      <fieldset className="menu-body" aria-label="Columns">
        {[...new Set(options)].map((key) => (
          <label key={key} className="row">
            <input type="checkbox" checked={columns.includes(key)} onChange={() => toggle(key)} />
            {key}
          </label>
        ))}
      </fieldset>
    </details>
  );
}

function viewHref(view: SavedViewView) {
  const search = new URLSearchParams(view.filter);
  if (view.columns.length) {
    search.set('cols', view.columns.join(','));
  }
  search.set('view', view.id);
  return `/traces?${search.toString()}`;
}

/** Opens a saved view, or saves the current filter and columns as one (yours or shared). */
export function SavedViews({
  filters,
  columns,
  current,
}: {
  filters: TraceFilters;
  columns: string[];
  current: string | null;
}) {
  const views = useSavedViews();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const list = views.data?.data ?? [];
  const save = async (form: HTMLFormElement) => {
    try {
      const view = await api.post<SavedViewView>('/v1/saved-views', {
        name,
        shared,
        filter: filters,
        columns,
      });
      setName('');
      form.closest('details')?.removeAttribute('open');
      await queryClient.invalidateQueries({ queryKey: ['saved-views'] });
      navigate(viewHref(view), { replace: true });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <>
      <select
        aria-label="Saved view"
        value={current ?? ''}
        onChange={(e) => {
          const view = list.find((v) => v.id === e.target.value);
          navigate(view ? viewHref(view) : '/traces', { replace: true });
        }}
      >
        <option value="">{list.length ? 'Saved views…' : 'No saved views'}</option>
        {list.map((v) => (
          <option key={v.id} value={v.id}>
            {v.name}
            {v.shared ? (v.mine ? ' · shared' : ` · ${v.owner.name ?? v.owner.email}`) : ''}
          </option>
        ))}
      </select>
      <details className="menu">
        <summary className="btn sm">Save view</summary>
        <form
          className="menu-body"
          onSubmit={(e) => {
            e.preventDefault();
            void save(e.currentTarget);
          }}
        >
          <label className="field">
            View name
            <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={80} />
          </label>
          <label className="row">
            <input type="checkbox" checked={shared} onChange={(e) => setShared(e.target.checked)} />
            Share with the workspace
          </label>
          <button type="submit" className="btn primary sm" disabled={!name.trim()}>
            Save
          </button>
          {error ? <p className="alert error">{error}</p> : null}
        </form>
      </details>
    </>
  );
}

/** Makes a review queue of the agent's traces the current filter matches. */
export function MakeReviewQueue({ filters }: { filters: TraceFilters }) {
  const members = useMembers();
  const [name, setName] = useState('');
  const [assignees, setAssignees] = useState<string[]>([]);
  const [perTrace, setPerTrace] = useState(1);
  const [maxTraces, setMaxTraces] = useState(50);
  const [error, setError] = useState<string | null>(null);
  const { agentId, label, ...rest } = filters;
  if (!agentId) {
    return null;
  }
  const filter = label === 'unlabelled' ? { ...rest, labelled: 'false' } : { ...rest, label };
  const create = async () => {
    try {
      const queue = await api.post<ReviewQueueView>('/v1/review-queues', {
        agentId,
        name,
        filter,
        maxTraces,
        assignees,
        reviewersPerTrace: Math.min(perTrace, Math.max(1, assignees.length)),
      });
      navigate(`/queues?queue=${queue.id}`);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <details className="menu">
      <summary className="btn sm">Review these…</summary>
      <form
        className="menu-body"
        aria-label="Make a review queue"
        onSubmit={(e) => {
          e.preventDefault();
          void create();
        }}
      >
        <label className="field">
          Queue name
          <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={120} />
        </label>
        <label className="field">
          At most
          <input
            type="number"
            min={1}
            max={500}
            value={maxTraces}
            onChange={(e) => setMaxTraces(Number(e.target.value))}
          />
        </label>
        <fieldset className="field">
          <legend>Assign to (none: anyone)</legend>
          {(members.data?.data ?? []).map((m) => (
            <label key={m.userId} className="row">
              <input
                type="checkbox"
                checked={assignees.includes(m.userId)}
                onChange={() =>
                  setAssignees((a) =>
                    a.includes(m.userId) ? a.filter((x) => x !== m.userId) : [...a, m.userId],
                  )
                }
              />
              {m.name || m.email}
            </label>
          ))}
        </fieldset>
        <label className="field">
          Reviewers per trace
          <select value={perTrace} onChange={(e) => setPerTrace(Number(e.target.value))}>
            <option value={1}>1</option>
            <option value={2}>2 (measures agreement)</option>
            <option value={3}>3</option>
          </select>
        </label>
        <button type="submit" className="btn primary sm" disabled={!name.trim()}>
          Make the queue
        </button>
        {error ? <p className="alert error">{error}</p> : null}
      </form>
    </details>
  );
}
