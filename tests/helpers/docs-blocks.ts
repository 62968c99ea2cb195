import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** `temp`: ```sh test, run in a temporary folder; `repo`: ```sh test-in-repo, run in the checkout. */
export type DocBlock = { page: string; line: number; code: string; cwd: 'temp' | 'repo' };

/** Every fenced block marked ` ```sh test ` or ` ```sh test-in-repo ` in the markdown pages of `dir`, in page order. */
export function runnableDocBlocks(dir: string): DocBlock[] {
  const blocks: DocBlock[] = [];
  for (const page of readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .sort()) {
    const lines = readFileSync(join(dir, page), 'utf8').split('\n');
    let start = -1;
    let cwd: DocBlock['cwd'] = 'temp';
    let body: string[] = [];
    lines.forEach((text, index) => {
      const open = /^```sh (test|test-in-repo)\s*$/.exec(text);
      if (start < 0 && open) {
        start = index + 1;
        cwd = open[1] === 'test' ? 'temp' : 'repo';
        body = [];
      } else if (start >= 0 && /^```\s*$/.test(text)) {
        blocks.push({ page, line: start, code: body.join('\n'), cwd });
        start = -1;
      } else if (start >= 0) {
        body.push(text);
      }
    });
  }
  return blocks;
}
