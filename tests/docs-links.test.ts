import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/run-iofold';

const pages = [
  'README.md',
  ...readdirSync(join(REPO_ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

describe('links in README.md and docs/', () => {
  it.each(pages)('%s: every relative link points at an existing file', (page) => {
    const text = readFileSync(join(REPO_ROOT, page), 'utf8');
    const targets = [...text.matchAll(/\]\(([^)\s]+)\)/g)]
      .map((m) => (m[1] ?? '').split('#')[0] ?? '')
      .filter((t) => t !== '' && !/^[a-z]+:/.test(t));
    const missing = targets.filter((t) => !existsSync(join(REPO_ROOT, dirname(page), t)));
    expect(missing).toEqual([]);
  });
});
