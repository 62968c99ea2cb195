import type { IntegrationKind } from '../lib/settings';

export type KindInfo = {
  label: string;
  group: 'platform' | 'model';
  defaultBaseUrl: string;
  secretLabel: string;
  secretRequired: boolean;
  /** Non-secret settings stored in `config`. */
  fields: { key: string; label: string; placeholder: string; required?: boolean }[];
};

// Defaults mirror src/integrations/integration-input.ts; the server fills them when left empty.
export const KINDS: Record<IntegrationKind, KindInfo> = {
  langfuse: {
    label: 'Langfuse',
    group: 'platform',
    defaultBaseUrl: 'https://cloud.langfuse.com',
    secretLabel: 'Secret key',
    secretRequired: true,
    fields: [{ key: 'publicKey', label: 'Public key', placeholder: 'pk-lf-…', required: true }],
  },
  langsmith: {
    label: 'LangSmith',
    group: 'platform',
    defaultBaseUrl: 'https://api.smith.langchain.com',
    secretLabel: 'API key',
    secretRequired: true,
    fields: [{ key: 'project', label: 'Project (optional)', placeholder: 'default' }],
  },
  phoenix: {
    label: 'Phoenix',
    group: 'platform',
    defaultBaseUrl: 'http://127.0.0.1:6006',
    secretLabel: 'API key (optional)',
    secretRequired: false,
    fields: [{ key: 'project', label: 'Project (optional)', placeholder: 'default' }],
  },
  openai: {
    label: 'OpenAI-compatible (OpenAI, OpenRouter, vLLM, Ollama, LM Studio)',
    group: 'model',
    defaultBaseUrl: 'https://api.openai.com/v1',
    secretLabel: 'API key (optional for local servers)',
    secretRequired: false,
    fields: [{ key: 'model', label: 'Model', placeholder: 'gpt-4.1-mini', required: true }],
  },
  anthropic: {
    label: 'Anthropic',
    group: 'model',
    defaultBaseUrl: 'https://api.anthropic.com',
    secretLabel: 'API key',
    secretRequired: true,
    fields: [{ key: 'model', label: 'Model', placeholder: 'claude-sonnet-4-5', required: true }],
  },
};

export const KIND_ORDER: IntegrationKind[] = [
  'langfuse',
  'langsmith',
  'phoenix',
  'openai',
  'anthropic',
];
