import { formatNumber, formatPercent } from '../lib/format';

export type Interval = { low: number; high: number } | null | undefined;

export function MetricStat({
  label,
  value,
  interval,
  percent = false,
}: {
  label: string;
  value: number | null | undefined;
  interval?: Interval;
  percent?: boolean;
}) {
  const fmt = (v: number | null | undefined) =>
    percent ? formatPercent(v, 1) : formatNumber(v, 2);
  return (
    <div className="card stat">
      <div className="label">{label}</div>
      <div className="value">{fmt(value)}</div>
      <div className="sub">
        {interval ? `95% CI ${fmt(interval.low)} – ${fmt(interval.high)}` : 'no interval'}
      </div>
    </div>
  );
}

export type Confusion = { tp: number; fp: number; fn: number; tn: number };

/** Rows: the human label; columns: the eval's verdict. */
export function ConfusionMatrix({ c }: { c: Confusion }) {
  const total = c.tp + c.fp + c.fn + c.tn || 1;
  const cell = (n: number, good: boolean, name: string) => (
    <td
      className={`cell ${good ? 'agree' : 'disagree'}`}
      style={{ width: 110, height: 56, fontSize: 15, fontWeight: 600, cursor: 'default' }}
      aria-label={`${name}: ${n}`}
    >
      {n}
      <div style={{ fontSize: 11, fontWeight: 400 }}>{formatPercent(n / total)}</div>
    </td>
  );
  return (
    <table className="matrix" aria-label="Confusion matrix">
      <thead>
        <tr>
          <th />
          <th scope="col">Eval: pass</th>
          <th scope="col">Eval: fail</th>
        </tr>
      </thead>
      <tbody>
        <tr>
          <th scope="row">Human: good</th>
          {cell(c.tp, true, 'human good, eval pass')}
          {cell(c.fn, false, 'human good, eval fail')}
        </tr>
        <tr>
          <th scope="row">Human: bad</th>
          {cell(c.fp, false, 'human bad, eval pass')}
          {cell(c.tn, true, 'human bad, eval fail')}
        </tr>
      </tbody>
    </table>
  );
}
