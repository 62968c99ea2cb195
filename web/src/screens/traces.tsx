import { useVirtualizer } from '@tanstack/react-virtual';
import { type KeyboardEvent, useEffect, useMemo, useRef, useState } from 'react';
import { Icon } from '../components/icons';
import { LabelBadge } from '../components/label-badge';
import { MetadataFilter } from '../components/metadata-filter';
import { PageHeader } from '../components/shell';
import { Empty, ErrorState, Loading } from '../components/states';
import { ColumnPicker, MakeReviewQueue, SavedViews } from '../components/trace-view-tools';
import { formatAgo, formatCount, formatDuration } from '../lib/format';
import { Link, navigate, setSearch, useLocation } from '../lib/router';
import { summaryMeta } from '../lib/trace-summary';
import { columnsFromSearch, formatMeta } from '../lib/trace-views';
import { filtersFromSearch, useTraceList } from '../lib/traces';
import type { TraceListItem } from '../lib/types';

const ROW_HEIGHT = 44;
const BASE_COLUMNS = '92px minmax(0, 2.2fr) minmax(0, 1.6fr) 130px 110px 70px 80px';

function columnValue(t: TraceListItem, column: string): string {
  if (column === 'session') {
    return t.sessionId ?? '';
  }
  if (column === 'user') {
    return t.userId ?? '';
  }
  if (column === 'tags') {
    return (t.tags ?? []).join(', ');
  }
  return formatMeta(t.meta?.[column]);
}

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

export default function TracesScreen() {
  const { search } = useLocation();
  const filters = useMemo(() => filtersFromSearch(search), [search]);
  const columnsKey = search.get('cols') ?? '';
  const columns = useMemo(
    () => columnsFromSearch(new URLSearchParams({ cols: columnsKey })),
    [columnsKey],
  );
  const grid = {
    gridTemplateColumns: `${BASE_COLUMNS}${' minmax(90px, 1fr)'.repeat(columns.length)}`,
  };
  const list = useTraceList(filters, columns);
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.data) ?? [], [list.data]);
  const scrollRef = useRef<HTMLElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const last = items.at(-1);
  useEffect(() => {
    if (last && last.index >= rows.length - 20 && list.hasNextPage && !list.isFetchingNextPage) {
      void list.fetchNextPage();
    }
  }, [last, rows.length, list]);

  const onRowKey = (event: KeyboardEvent<HTMLAnchorElement>, index: number) => {
    const move =
      event.key === 'ArrowDown' || event.key === 'j'
        ? 1
        : event.key === 'ArrowUp' || event.key === 'k'
          ? -1
          : 0;
    if (move) {
      event.preventDefault();
      const next = Math.max(0, Math.min(rows.length - 1, index + move));
      virtualizer.scrollToIndex(next);
      requestAnimationFrame(() =>
        scrollRef.current?.querySelector<HTMLElement>(`[data-index="${next}"]`)?.focus(),
      );
    }
  };
  // The list takes the keyboard without a click first: j or ↓ on the page focuses the first row.
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      const onPage = document.activeElement === document.body || document.activeElement === null;
      if (onPage && (event.key === 'j' || event.key === 'ArrowDown') && rows.length > 0) {
        event.preventDefault();
        scrollRef.current?.querySelector<HTMLElement>('[data-index="0"]')?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [rows.length]);
  const filtered = Object.keys(filters).length > 0;
  const searchSuffix = search.toString() ? `?${search.toString()}` : '';

  return (
    <>
      <PageHeader>
        <h1>Traces</h1>
        <span className="muted">
          {list.data ? `${formatCount(rows.length)}${list.hasNextPage ? '+' : ''} shown` : ''}
        </span>
      </PageHeader>
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
          options={[
            ['', 'Any source'],
            ...['otlp', 'langfuse', 'langsmith', 'phoenix', 'import', 'api', 'demo'].map(
              (s) => [s, s] as [string, string],
            ),
          ]}
        />
        <MetadataFilter
          agentId={filters.agentId}
          metaKey={filters.metaKey}
          metaValue={filters.metaValue}
        />
        <ColumnPicker agentId={filters.agentId} columns={columns} />
        <SavedViews filters={filters} columns={columns} current={search.get('view')} />
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
      <div className="page-body flush">
        {list.isPending ? (
          <Loading label="Loading traces" rows={8} />
        ) : list.isError ? (
          <ErrorState error={list.error} retry={() => void list.refetch()} />
        ) : rows.length === 0 ? (
          filtered ? (
            <Empty title="No traces match">Try a different search or clear the filters.</Empty>
          ) : (
            <Empty
              title="No traces yet"
              actions={
                <Link className="btn primary" to="/import">
                  Import a file
                </Link>
              }
            >
              Import a file here or with <code>iofold import traces.jsonl</code>, or send traces
              from your app with the Langfuse SDK or OpenTelemetry.
            </Empty>
          )
        ) : (
          <section className="trace-list" ref={scrollRef} aria-label="Traces">
            <div className="trace-head" aria-hidden="true" style={grid}>
              <span>Label</span>
              <span>Goal</span>
              <span>Output</span>
              <span>Started</span>
              <span className="num">Steps</span>
              <span className="num">Tokens</span>
              <span className="num">Duration</span>
              {columns.map((c) => (
                <span key={c}>{c}</span>
              ))}
            </div>
            <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
              {items.map((item) => {
                const t = rows[item.index];
                if (!t) {
                  return null;
                }
                return (
                  <a
                    key={t.id}
                    href={`/traces/${t.id}${searchSuffix}`}
                    className="trace-row"
                    data-index={item.index}
                    data-testid="trace-row"
                    style={{
                      ...grid,
                      position: 'absolute',
                      top: 0,
                      left: 0,
                      right: 0,
                      transform: `translateY(${item.start}px)`,
                    }}
                    onClick={(e) => {
                      if (!e.metaKey && !e.ctrlKey && !e.shiftKey && e.button === 0) {
                        e.preventDefault();
                        navigate(`/traces/${t.id}${searchSuffix}`);
                      }
                    }}
                    onKeyDown={(e) => onRowKey(e, item.index)}
                  >
                    <span>
                      <LabelBadge label={t.label} />
                    </span>
                    <span className="preview-2" title={t.summary?.text ?? t.inputPreview}>
                      <span>
                        {t.hasErrors ? (
                          <span className="badge bad" style={{ marginRight: 6 }}>
                            error
                          </span>
                        ) : null}
                        {t.summary?.goal || t.inputPreview || (
                          <span className="muted">(no input)</span>
                        )}
                      </span>
                      {t.summary ? (
                        <span className="summary-meta" data-testid="trace-summary">
                          {summaryMeta(t.summary)}
                        </span>
                      ) : null}
                    </span>
                    <span className="preview text-2" title={t.outputPreview}>
                      {t.outputPreview || <span className="muted">—</span>}
                    </span>
                    <span className="muted">{formatAgo(t.startedAt)}</span>
                    <span className="num">
                      {t.stepCount}
                      {t.toolCallCount ? (
                        <span className="muted" title={`${t.toolCallCount} tool calls`}>
                          {' '}
                          · {t.toolCallCount} tools
                        </span>
                      ) : null}
                    </span>
                    <span className="num muted">{formatCount(t.inputTokens + t.outputTokens)}</span>
                    <span className="num muted">{formatDuration(t.durationMs)}</span>
                    {columns.map((c) => (
                      <span key={c} className="meta-cell text-2" data-column={c}>
                        {columnValue(t, c) || <span className="muted">—</span>}
                      </span>
                    ))}
                  </a>
                );
              })}
            </div>
            {list.isFetchingNextPage ? <Loading rows={2} label="Loading more traces" /> : null}
          </section>
        )}
      </div>
    </>
  );
}
