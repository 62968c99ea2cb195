import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../lib/api';
import { type Integration, type IntegrationKind, settingsKeys } from '../lib/settings';
import { KIND_ORDER, KINDS } from './integration-kinds';

/** Connects a platform or a model provider. The secret goes to the server once and is cleared here. */
export function IntegrationForm() {
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<IntegrationKind>('langfuse');
  const [name, setName] = useState('');
  const [baseUrl, setBaseUrl] = useState('');
  const [config, setConfig] = useState<Record<string, string>>({});
  const [secret, setSecret] = useState('');
  const info = KINDS[kind];
  const create = useMutation({
    mutationFn: () => {
      const settings: Record<string, string> = {};
      for (const field of info.fields) {
        const value = config[field.key]?.trim();
        if (value) {
          settings[field.key] = value;
        }
      }
      return api.post<Integration>('/v1/integrations', {
        kind,
        name,
        ...(baseUrl.trim() ? { baseUrl: baseUrl.trim() } : {}),
        config: settings,
        ...(secret ? { secret } : {}),
      });
    },
    onSuccess: () => {
      setName('');
      setBaseUrl('');
      setConfig({});
      setSecret('');
      void queryClient.invalidateQueries({ queryKey: settingsKeys.integrations });
    },
    onError: () => setSecret(''),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <form className="stack" onSubmit={submit} aria-label="Add an integration">
      <div className="grid cols-2">
        <label className="field">
          Kind
          <select
            value={kind}
            onChange={(e) => {
              setKind(e.target.value as IntegrationKind);
              setConfig({});
            }}
          >
            <optgroup label="Trace platforms">
              {KIND_ORDER.filter((k) => KINDS[k].group === 'platform').map((k) => (
                <option key={k} value={k}>
                  {KINDS[k].label}
                </option>
              ))}
            </optgroup>
            <optgroup label="Model providers">
              {KIND_ORDER.filter((k) => KINDS[k].group === 'model').map((k) => (
                <option key={k} value={k}>
                  {KINDS[k].label}
                </option>
              ))}
            </optgroup>
          </select>
        </label>
        <label className="field">
          Name
          <input
            required
            maxLength={100}
            placeholder={`e.g. ${KINDS[kind].label.split(' ')[0]} production`}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <label className="field">
          Base URL
          <input
            type="url"
            placeholder={info.defaultBaseUrl}
            value={baseUrl}
            onChange={(e) => setBaseUrl(e.target.value)}
          />
        </label>
        {info.fields.map((field) => (
          <label key={`${kind}-${field.key}`} className="field">
            {field.label}
            <input
              required={field.required}
              placeholder={field.placeholder}
              value={config[field.key] ?? ''}
              onChange={(e) => setConfig({ ...config, [field.key]: e.target.value })}
            />
          </label>
        ))}
        <label className="field">
          {info.secretLabel}
          <input
            type="password"
            autoComplete="off"
            required={info.secretRequired}
            value={secret}
            onChange={(e) => setSecret(e.target.value)}
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
