import type { IntegrationKind } from '../lib/settings';
import { KIND_ORDER, KINDS, type KindInfo } from './integration-kinds';
import { useNewIntegration } from './use-new-integration';

const GROUPS: [KindInfo['group'], string][] = [
  ['platform', 'Trace platforms'],
  ['model', 'Model providers'],
];

function KindSelect({
  kind,
  onChange,
}: {
  kind: IntegrationKind;
  onChange: (kind: IntegrationKind) => void;
}) {
  return (
    <label className="field">
      Kind
      <select value={kind} onChange={(e) => onChange(e.target.value as IntegrationKind)}>
        {GROUPS.map(([group, label]) => (
          <optgroup key={group} label={label}>
            {KIND_ORDER.filter((k) => KINDS[k].group === group).map((k) => (
              <option key={k} value={k}>
                {KINDS[k].label}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </label>
  );
}

/** Connects a platform or a model provider. The secret goes to the server once and is cleared here. */
export function IntegrationForm() {
  const state = useNewIntegration();
  const { kind, info, config, create } = state;
  return (
    <form className="stack" onSubmit={state.submit} aria-label="Add an integration">
      <div className="grid cols-2">
        <KindSelect kind={kind} onChange={state.setKind} />
        <label className="field">
          Name
          <input
            required
            maxLength={100}
            placeholder={`e.g. ${info.label.split(' ')[0]} production`}
            value={state.name}
            onChange={(e) => state.setName(e.target.value)}
          />
        </label>
        <label className="field">
          Base URL
          <input
            type="url"
            placeholder={info.defaultBaseUrl}
            value={state.baseUrl}
            onChange={(e) => state.setBaseUrl(e.target.value)}
          />
        </label>
        {info.fields.map((field) => (
          <label key={`${kind}-${field.key}`} className="field">
            {field.label}
            <input
              required={field.required}
              placeholder={field.placeholder}
              value={config[field.key] ?? ''}
              onChange={(e) => state.setConfig({ ...config, [field.key]: e.target.value })}
            />
          </label>
        ))}
        <label className="field">
          {info.secretLabel}
          <input
            type="password"
            autoComplete="off"
            required={info.secretRequired}
            value={state.secret}
            onChange={(e) => state.setSecret(e.target.value)}
          />
        </label>
      </div>
      <p className="muted">
        The secret is encrypted on the server and never shown again, only its last characters.
      </p>
      <div className="row" style={{ gap: 8 }}>
        <button type="submit" className="btn primary" disabled={create.isPending}>
          {create.isPending ? 'Saving…' : 'Add integration'}
        </button>
        {create.isSuccess ? (
          <span role="status" className="muted">
            Saved “{create.data.name}”. Test the connection below.
          </span>
        ) : null}
      </div>
      {create.isError ? (
        <p className="alert error" role="alert">
          {create.error.message}
        </p>
      ) : null}
    </form>
  );
}
