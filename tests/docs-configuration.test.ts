import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeConfigFromEnv } from '@/core/config';
import { REPO_ROOT } from './helpers/run-iofold';

describe('docs/configuration.md', () => {
  it('names every environment variable the Node host configuration reads', () => {
    const read = new Set<string>();
    const env = new Proxy({} as Record<string, string | undefined>, {
      get: (_target, key) => {
        read.add(String(key));
        return undefined;
      },
    });
    nodeConfigFromEnv(env);
    const page = readFileSync(join(REPO_ROOT, 'docs/configuration.md'), 'utf8');
    expect(read).toContain('IOFOLD_ALLOW_PRIVATE_NETWORKS');
    expect([...read].filter((name) => !page.includes(`\`${name}\``))).toEqual([]);
  });
});
