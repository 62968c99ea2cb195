import { useQuery } from '@tanstack/react-query';
import { api } from './api';
import type { Page } from './types';

// Shapes of the workspace, member, API-key and integration routes (src/workspaces,
// src/integrations). Secrets never come back from the server: only masked hints.

export type Role = 'owner' | 'member' | 'viewer';
export const ROLES: Role[] = ['owner', 'member', 'viewer'];

export type Workspace = { id: string; name: string; slug: string; createdAt: string };

export type Member = { userId: string; email: string; name: string; role: Role; joinedAt: string };
export type AddedMember = { member: Member; loginToken: string | null };

export type ApiKey = {
  id: string;
  name: string;
  publicKey: string;
  secretHint: string;
  role: Role;
  createdBy: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
};
export type CreatedApiKey = { apiKey: ApiKey; secretKey: string };

export type IntegrationKind = 'langfuse' | 'langsmith' | 'phoenix' | 'openai' | 'anthropic';
export type Integration = {
  id: string;
  kind: IntegrationKind;
  name: string;
  baseUrl: string | null;
  config: Record<string, unknown>;
  hasSecret: boolean;
  secretHint: string | null;
  status: 'active' | 'error' | 'disabled';
  lastTestedAt: string | null;
  lastError: string | null;
  lastSyncedAt: string | null;
  createdAt: string;
  updatedAt: string;
};
export type ConnectionTest = {
  ok: boolean;
  httpStatus: number | null;
  message: string;
  latencyMs: number;
};

export const settingsKeys = {
  workspace: ['settings', 'workspace'] as const,
  members: ['settings', 'members'] as const,
  apiKeys: ['settings', 'api-keys'] as const,
  integrations: ['settings', 'integrations'] as const,
};

export function useWorkspace() {
  return useQuery({
    queryKey: settingsKeys.workspace,
    queryFn: ({ signal }) => api.get<Workspace>('/v1/workspace', signal),
  });
}

export function useMembers() {
  return useQuery({
    queryKey: settingsKeys.members,
    queryFn: ({ signal }) => api.get<Page<Member>>('/v1/members', signal),
  });
}

/** Owners only: the server answers FORBIDDEN to anyone else, so others never ask. */
export function useApiKeys(enabled: boolean) {
  return useQuery({
    queryKey: settingsKeys.apiKeys,
    queryFn: ({ signal }) => api.get<Page<ApiKey>>('/v1/api-keys', signal),
    enabled,
  });
}

export function useIntegrations() {
  return useQuery({
    queryKey: settingsKeys.integrations,
    queryFn: ({ signal }) => api.get<Page<Integration>>('/v1/integrations', signal),
  });
}
