import { formatUsd } from '../../lib/job-result';

type Judge = {
  model: string;
  questions: string[];
  callsPerTrace: number;
  expectedCostUsdPerTrace: number | null;
};

/**
 * An eval's rules in plain words, in the order the code checks them; for an eval that asks a
 * model, the question it asks, the model and what a trace costs.
 */
export function EvalRules({
  rules,
  judge = null,
  label = 'Rules',
}: {
  rules: readonly string[];
  judge?: Judge | null;
  label?: string;
}) {
  if (rules.length === 0 && !judge) {
    return null;
  }
  return (
    <section aria-label={label} data-testid="eval-rules">
      <h3 className="section-title">{label}</h3>
      <ol className="stack" style={{ gap: 4, margin: 0, paddingLeft: 22 }}>
        {rules.map((rule, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rules are ordered and never reorder
          <li key={i}>{rule}</li>
        ))}
      </ol>
      {judge ? (
        <p className="muted" data-testid="eval-judge">
          Asks {judge.model} {judge.questions.map((q) => `“${q}”`).join(', ')} (
          {judge.callsPerTrace} call{judge.callsPerTrace === 1 ? '' : 's'} per trace
          {judge.expectedCostUsdPerTrace === null
            ? ', no known price'
            : `, about ${formatUsd(judge.expectedCostUsdPerTrace)} per trace`}
          ; answers are cached, so a re-run is free).
        </p>
      ) : null}
    </section>
  );
}
