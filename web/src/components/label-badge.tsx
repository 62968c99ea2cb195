import type { Rating } from '../lib/types';

const TEXT: Record<Rating, string> = { positive: 'Good', negative: 'Bad', neutral: 'Neutral' };
const TONE: Record<Rating, string> = { positive: 'good', negative: 'bad', neutral: '' };

export function LabelBadge({ label }: { label: Rating | null | undefined }) {
  if (!label) {
    return <span className="badge">Unlabelled</span>;
  }
  return (
    <span className={`badge ${TONE[label]}`}>
      <span className="dot" />
      {TEXT[label]}
    </span>
  );
}

export function VerdictBadge({ verdict }: { verdict: 'pass' | 'fail' | 'error' | string | null }) {
  const tone = verdict === 'pass' ? 'good' : verdict === 'fail' ? 'bad' : 'warn';
  return (
    <span className={`badge ${tone}`}>
      <span className="dot" />
      {verdict ?? 'not run'}
    </span>
  );
}
