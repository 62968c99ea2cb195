const FENCE = /```[ \t]*([A-Za-z0-9_+-]*)[^\n]*\n([\s\S]*?)```/g;

/**
 * The Python code in a model's answer: the fenced block that defines the wanted function (else
 * any `def eval_`, else the first python block); unfenced answers that start with code work too.
 */
export function extractPythonCode(answer: string, functionName: string): string | null {
  const blocks = [...answer.matchAll(FENCE)].map((match) => ({
    lang: (match[1] ?? '').toLowerCase(),
    code: (match[2] ?? '').trim(),
  }));
  const defines = (name: string) => (block: { code: string }) =>
    new RegExp(`^\\s*def\\s+${name}\\s*\\(`, 'm').test(block.code);
  const found =
    blocks.find(defines(functionName)) ??
    blocks.find(defines('eval_\\w+')) ??
    blocks.find((block) => block.lang === 'python' || block.lang === 'py');
  if (found?.code) {
    return `${found.code}\n`;
  }
  if (blocks.length === 0) {
    const start = answer.search(/^(import |from \S+ import |def eval_)/m);
    if (start >= 0) {
      return `${answer.slice(start).trim()}\n`;
    }
  }
  return null;
}
