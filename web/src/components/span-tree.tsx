import { useMemo } from 'react';
import { formatDuration } from '../lib/format';
import type { Span } from '../lib/types';

type Node = { span: Span; depth: number };

function flatten(spans: Span[]): Node[] {
  const ids = new Set(spans.map((s) => s.spanId));
  const children = new Map<string | null, Span[]>();
  for (const span of spans) {
    const parent = span.parentSpanId && ids.has(span.parentSpanId) ? span.parentSpanId : null;
    const list = children.get(parent) ?? [];
    list.push(span);
    children.set(parent, list);
  }
  const out: Node[] = [];
  const walk = (parent: string | null, depth: number) => {
    const list = (children.get(parent) ?? []).sort((a, b) =>
      a.startedAt.localeCompare(b.startedAt),
    );
    for (const span of list) {
      out.push({ span, depth });
      walk(span.spanId, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

export function SpanTree({
  spans,
  selected,
  onSelect,
}: {
  spans: Span[];
  selected: string | null;
  onSelect: (spanId: string) => void;
}) {
  const nodes = useMemo(() => flatten(spans), [spans]);
  const start = Math.min(...spans.map((s) => new Date(s.startedAt).getTime()));
  const end = Math.max(
    ...spans.map(
      (s) => new Date(s.endedAt ?? s.startedAt).getTime() + (s.endedAt ? 0 : (s.durationMs ?? 0)),
    ),
  );
  const total = Math.max(1, end - start);
  return (
    <div className="span-tree" role="tree" aria-label="Span tree">
      {nodes.map(({ span, depth }) => {
        const offset = ((new Date(span.startedAt).getTime() - start) / total) * 100;
        const width = Math.max(1, ((span.durationMs ?? 0) / total) * 100);
        return (
          <button
            type="button"
            key={span.spanId}
            role="treeitem"
            aria-selected={selected === span.spanId}
            aria-level={depth + 1}
            className="span-node"
            onClick={() => onSelect(span.spanId)}
          >
            <span className="truncate" style={{ paddingLeft: depth * 14 }}>
              <span className={`kind ${span.kind}`}>{span.kind}</span>
              {span.name}
              {span.status === 'error' ? (
                <span className="badge bad" style={{ marginLeft: 6 }}>
                  error
                </span>
              ) : null}
            </span>
            <span className="row" style={{ gap: 6 }}>
              <span className="span-bar" style={{ flex: 1 }}>
                <span
                  style={{
                    left: `${offset}%`,
                    width: `${Math.min(width, 100 - offset)}%`,
                    background: span.status === 'error' ? 'var(--bad)' : undefined,
                  }}
                />
              </span>
              <span className="muted mono" style={{ width: 52, textAlign: 'right' }}>
                {formatDuration(span.durationMs)}
              </span>
            </span>
          </button>
        );
      })}
    </div>
  );
}
