import { useState } from 'react';
import { NumberField } from '../components/number-field';
import type { NewRun } from '../lib/runs';

const USER_MODES = {
  '': 'As recorded (scripted when a task has later turns)',
  single: 'Single: the first message only',
  scripted: 'Scripted: the recorded turns in order',
  simulated: 'Simulated: an LLM plays the user',
} as const;
type UserMode = keyof typeof USER_MODES;

/** How a run plays the user and whether tools that are not read-only may run live. */
export function useRunBehaviour() {
  const [userMode, setUserMode] = useState<UserMode>('');
  const [userModel, setUserModel] = useState('');
  const [maxUserTurns, setMaxUserTurns] = useState(10);
  const [sideEffects, setSideEffects] = useState(false);
  const input: Pick<NewRun, 'userMode' | 'userModel' | 'maxUserTurns' | 'allowSideEffects'> = {
    ...(userMode ? { userMode } : {}),
    ...(userMode === 'simulated' ? { maxUserTurns } : {}),
    ...(userMode === 'simulated' && userModel.trim() ? { userModel: userModel.trim() } : {}),
    allowSideEffects: sideEffects,
  };
  return {
    input,
    fields: { userMode, setUserMode, userModel, setUserModel, maxUserTurns, setMaxUserTurns },
    sideEffects,
    setSideEffects,
  };
}

export function UserModeFields({ state }: { state: ReturnType<typeof useRunBehaviour> }) {
  const f = state.fields;
  return (
    <>
      <label className="field">
        User
        <select
          data-testid="user-mode"
          value={f.userMode}
          onChange={(e) => f.setUserMode(e.target.value as UserMode)}
        >
          {Object.entries(USER_MODES).map(([mode, name]) => (
            <option key={mode} value={mode}>
              {name}
            </option>
          ))}
        </select>
      </label>
      {f.userMode === 'simulated' ? (
        <>
          <NumberField
            label="User messages at most"
            value={f.maxUserTurns}
            onChange={f.setMaxUserTurns}
            min={1}
            max={50}
            width={150}
          />
          <label className="field" style={{ width: 180 }}>
            Simulated user's model
            <input
              placeholder="the run's model"
              maxLength={200}
              value={f.userModel}
              onChange={(e) => f.setUserModel(e.target.value)}
            />
          </label>
        </>
      ) : null}
    </>
  );
}

/** The explicit switch for side effects, with what it means either way. */
export function SideEffectsField({ state }: { state: ReturnType<typeof useRunBehaviour> }) {
  return (
    <label className="row">
      <input
        type="checkbox"
        checked={state.sideEffects}
        onChange={(e) => state.setSideEffects(e.target.checked)}
      />
      {state.sideEffects ? (
        <span className="badge warn" data-testid="side-effects-on">
          Tools that are not read-only run live: they can change real data
        </span>
      ) : (
        <span className="muted">
          Allow side effects (off: tools run live only when read-only; the rest replay recorded
          results or are simulated)
        </span>
      )}
    </label>
  );
}
