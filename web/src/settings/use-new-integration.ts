import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../lib/api';
import { type Integration, type IntegrationKind, settingsKeys } from '../lib/settings';
import { KINDS } from './integration-kinds';

/**
 * The Add an integration form's fields and its save. The form clears after a save; the secret also
 * after a failure, so it is sent once and not kept here.
 */
export function useNewIntegration() {
  const queryClient = useQueryClient();
  const [kind, setKindOnly] = useState<IntegrationKind>('langfuse');
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
  // Another kind has other settings: the ones typed for the last kind go.
  const setKind = (next: IntegrationKind) => {
    setKindOnly(next);
    setConfig({});
  };
  return {
    kind,
    setKind,
    info,
    name,
    setName,
    baseUrl,
    setBaseUrl,
    config,
    setConfig,
    secret,
    setSecret,
    create,
    submit,
  };
}
