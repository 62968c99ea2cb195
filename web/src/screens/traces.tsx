import { useMemo } from 'react';
import { PageHeader } from '../components/shell';
import { Empty, ErrorState, Loading } from '../components/states';
import { formatCount } from '../lib/format';
import { Link, useLocation } from '../lib/router';
import { columnsFromSearch } from '../lib/trace-views';
import { filtersFromSearch, useTraceList } from '../lib/traces';
import { TraceRow } from '../traces/trace-row';
import { TraceToolbar } from '../traces/trace-toolbar';
import { useTraceScroll } from '../traces/use-trace-scroll';

const BASE_COLUMNS = '92px minmax(0, 2.2fr) minmax(0, 1.6fr) 130px 110px 70px 80px';

function NoTraces({ filtered }: { filtered: boolean }) {
  return filtered ? (
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
      Import a file here or with <code>iofold import traces.jsonl</code>, or send traces from your
      app with the Langfuse SDK or OpenTelemetry.
    </Empty>
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
  const { scrollRef, items, totalSize, onRowKey } = useTraceScroll(rows.length, list);
  const searchSuffix = search.toString() ? `?${search.toString()}` : '';

  return (
    <>
      <PageHeader>
        <h1>Traces</h1>
        <span className="muted">
          {list.data ? `${formatCount(rows.length)}${list.hasNextPage ? '+' : ''} shown` : ''}
        </span>
      </PageHeader>
      <TraceToolbar filters={filters} columns={columns} view={search.get('view')} />
      <div className="page-body flush">
        {list.isPending ? (
          <Loading label="Loading traces" rows={8} />
        ) : list.isError ? (
          <ErrorState error={list.error} retry={() => void list.refetch()} />
        ) : rows.length === 0 ? (
          <NoTraces filtered={Object.keys(filters).length > 0} />
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
            <div style={{ height: totalSize, position: 'relative' }}>
              {items.map((item) => {
                const t = rows[item.index];
                return t ? (
                  <TraceRow
                    key={t.id}
                    t={t}
                    index={item.index}
                    href={`/traces/${t.id}${searchSuffix}`}
                    columns={columns}
                    style={{
                      ...grid,
                      position: 'absolute',
                      top: 0,
                      left: 0,
                      right: 0,
                      transform: `translateY(${item.start}px)`,
                    }}
                    onKeyDown={(e) => onRowKey(e, item.index)}
                  />
                ) : null;
              })}
            </div>
            {list.isFetchingNextPage ? <Loading rows={2} label="Loading more traces" /> : null}
          </section>
        )}
      </div>
    </>
  );
}
