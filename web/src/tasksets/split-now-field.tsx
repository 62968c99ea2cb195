import { useState } from 'react';

/** A create form's "split now" choice (on, seed 0 by default) and the request part it adds. */
export function useSplitNow() {
  const [on, setOn] = useState(true);
  const [seed, setSeed] = useState('0');
  return { on, setOn, seed, setSeed, request: on ? { split: { seed: Number(seed) } } : {} };
}

/** The "split now" checkbox and, while it is ticked, the seed. */
export function SplitNowField({ state }: { state: ReturnType<typeof useSplitNow> }) {
  return (
    <>
      <label className="row">
        <input type="checkbox" checked={state.on} onChange={(e) => state.setOn(e.target.checked)} />
        Split into train / validation / test now
      </label>
      {state.on ? (
        <label className="row">
          Seed
          <input
            type="number"
            min={0}
            step={1}
            required
            style={{ width: 90 }}
            value={state.seed}
            onChange={(e) => state.setSeed(e.target.value)}
          />
        </label>
      ) : null}
    </>
  );
}
