import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type DocBlock = { page: string; line: number; code: string };

/** Every fenced block marked ` ```sh test ` in the markdown pages of `dir`, in page order. */
export function runnableDocBlocks(dir: string): DocBlock[] {
  const blocks: DocBlock[] = [];
  for (const page of readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .sort()) {
    const lines = readFileSync(join(dir, page), 'utf8').split('\n');
    let start = -1;
    let body: string[] = [];
    lines.forEach((text, index) => {
      if (start < 0 && /^```sh test\s*$/.test(text)) {
        start = index + 1;
        body = [];
      } else if (start >= 0 && /^```\s*$/.test(text)) {
        blocks.push({ page, line: start, code: body.join('\n') });
        start = -1;
      } else if (start >= 0) {
        body.push(text);
      }
    });
  }
  return blocks;
}
