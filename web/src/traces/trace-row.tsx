import type { CSSProperties, KeyboardEvent } from 'react';
import { LabelBadge } from '../components/label-badge';
import { formatAgo, formatCount, formatDuration } from '../lib/format';
import { navigate } from '../lib/router';
import { summaryMeta } from '../lib/trace-summary';
import { formatMeta } from '../lib/trace-views';
import type { TraceListItem } from '../lib/types';

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

/** The goal (or input) with an error badge, and the summary's turns, ending and tools under it. */
function GoalCell({ t }: { t: TraceListItem }) {
  return (
    <span className="preview-2" title={t.summary?.text ?? t.inputPreview}>
      <span>
        {t.hasErrors ? (
          <span className="badge bad" style={{ marginRight: 6 }}>
            error
          </span>
        ) : null}
        {t.summary?.goal || t.inputPreview || <span className="muted">(no input)</span>}
      </span>
      {t.summary ? (
        <span className="summary-meta" data-testid="trace-summary">
          {summaryMeta(t.summary)}
        </span>
      ) : null}
    </span>
  );
}

/** One row of the trace list: a link to the trace that keeps the list's filters. */
export function TraceRow({
  t,
  index,
  href,
  columns,
  style,
  onKeyDown,
}: {
  t: TraceListItem;
  index: number;
  href: string;
  columns: string[];
  style: CSSProperties;
  onKeyDown: (event: KeyboardEvent<HTMLAnchorElement>) => void;
}) {
  return (
    <a
      href={href}
      className="trace-row"
      data-index={index}
      data-testid="trace-row"
      style={style}
      onClick={(e) => {
        if (!e.metaKey && !e.ctrlKey && !e.shiftKey && e.button === 0) {
          e.preventDefault();
          navigate(href);
        }
      }}
      onKeyDown={onKeyDown}
    >
      <span>
        <LabelBadge label={t.label} />
      </span>
      <GoalCell t={t} />
      <span className="preview text-2" title={t.outputPreview}>
        {t.outputPreview || <span className="muted">—</span>}
      </span>
      <span className="muted">{formatAgo(t.startedAt)}</span>
      <span className="num">
        {t.stepCount}
        {t.toolCallCount ? (
          <span className="muted" title={`${t.toolCallCount} tool calls`}>
            {' '}
            · {t.toolCallCount} {t.toolCallCount === 1 ? 'tool' : 'tools'}
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
}
