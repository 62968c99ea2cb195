/** An eval's rules in plain words, in the order the code checks them. */
export function EvalRules({
  rules,
  label = 'Rules',
}: {
  rules: readonly string[];
  label?: string;
}) {
  if (rules.length === 0) {
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
    </section>
  );
}
