/** A labelled, required number input of the dashboard's forms. */
export function NumberField({
  label,
  value,
  onChange,
  min,
  max,
  width,
}: {
  label: string;
  value: number;
  onChange: (n: number) => void;
  min: number;
  max?: number;
  width: number;
}) {
  return (
    <label className="field" style={{ width }}>
      {label}
      <input
        type="number"
        min={min}
        max={max}
        required
        value={value}
        onChange={(e) => onChange(Number(e.target.value))}
      />
    </label>
  );
}
