import { afterAll, beforeAll, beforeEach } from 'vitest';
import {
  type MockLlmServer,
  type MockLlmServerOptions,
  startMockLlmServer,
} from './mock-llm-server.node.js';

/**
 * A mock model server for the calling test file: started before its tests (`server` is set then),
 * its request log emptied before each test, closed after the file.
 */
export function mockLlmForFile(options: MockLlmServerOptions = {}) {
  const mock = { server: undefined as unknown as MockLlmServer };
  beforeAll(async () => {
    mock.server = await startMockLlmServer(options);
  });
  afterAll(async () => {
    await mock.server?.close();
  });
  beforeEach(() => {
    mock.server.requests.length = 0;
  });
  return mock;
}
