export type Series = { name: string; color: string; points: { x: string; y: number | null }[] };

const percent = (v: number) => `${Math.round(v * 100)}%`;

/**
 * A small SVG line chart over days; no chart library in the bundle. Rates in [0, 1] by default;
 * `max` and `formatY` chart anything else (counts, milliseconds, dollars).
 */
export function LineChart({
  series,
  label,
  max = 1,
  formatY = percent,
}: {
  series: Series[];
  label: string;
  max?: number;
  formatY?: (v: number) => string;
}) {
  const W = 600;
  const H = 180;
  const pad = { l: 34, r: 10, t: 10, b: 22 };
  const xs = series[0]?.points.map((p) => p.x) ?? [];
  const x = (i: number) =>
    pad.l + (xs.length <= 1 ? 0 : (i / (xs.length - 1)) * (W - pad.l - pad.r));
  const top = max > 0 ? max : 1;
  const y = (v: number) => pad.t + (1 - v / top) * (H - pad.t - pad.b);
  const every = Math.max(1, Math.ceil(xs.length / 6));
  return (
    <figure style={{ margin: 0 }}>
      <svg
        className="chart"
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={label}
        preserveAspectRatio="none"
      >
        {[0, top / 2, top].map((v) => (
          <g key={v}>
            <line className="axis" x1={pad.l} x2={W - pad.r} y1={y(v)} y2={y(v)} />
            <text x={4} y={y(v) + 3}>
              {formatY(v)}
            </text>
          </g>
        ))}
        {xs.map((d, i) =>
          i % every === 0 ? (
            <text key={d} x={x(i)} y={H - 6} textAnchor="middle">
              {d.slice(5)}
            </text>
          ) : null,
        )}
        {series.map((s) => {
          const path = s.points
            .map((p, i) => (p.y === null ? null : `${x(i)},${y(p.y)}`))
            .filter(Boolean)
            .join(' L');
          return path ? (
            <path
              key={s.name}
              d={`M${path}`}
              fill="none"
              stroke={s.color}
              strokeWidth={2}
              vectorEffect="non-scaling-stroke"
            />
          ) : null;
        })}
      </svg>
      <figcaption className="row" style={{ gap: 14, marginTop: 6 }}>
        {series.map((s) => (
          <span key={s.name} className="row muted" style={{ gap: 6 }}>
            <span style={{ width: 10, height: 3, background: s.color, borderRadius: 2 }} />
            {s.name}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
