import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      return name === 'node_modules' || name === 'dist' ? [] : sourceFiles(path);
    }
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

const roots = ['src', 'tests', 'bench', 'web/src'].filter((root) => {
  try {
    return statSync(root).isDirectory();
  } catch {
    return false;
  }
});
const files = roots.flatMap(sourceFiles);

describe('project conventions', () => {
  it('never opens an interactive transaction (D1 has none; use db.batch)', () => {
    const offenders = files.filter(
      (file) =>
        !file.endsWith('.test.ts') && /\bdb\.transaction\(/.test(readFileSync(file, 'utf8')),
    );
    expect(offenders).toEqual([]);
  });

  it('commits no focused tests', () => {
    const focused = /\b(it|test|describe)\.only\(/;
    const offenders = files.filter(
      (file) =>
        file !== join('tests', 'conventions.test.ts') && focused.test(readFileSync(file, 'utf8')),
    );
    expect(offenders).toEqual([]);
  });

  it('spells its own names the British way (-ise); "optimize" is a product word, not checked', () => {
    // Declared names and file names only: platform APIs (`String.prototype.normalize`, the
    // `serialization` option of child_process) keep their spelling where they are called.
    const declared = /\b(?:function|const|let|class|type|interface|enum)\s+([A-Za-z_$][\w$]*)/g;
    const american =
      /(?:normal|synthes|summar|token|serial|initial|organ|recogn|categor|minim|maxim|prior|util|custom|standard|visual|memo|sanit|general|special|local|final|stabil|random|parallel|vector|capital)iz(?:e|ed|er|es|ing|ation)/i;
    const offenders = files.flatMap((file) => {
      const names = [...readFileSync(file, 'utf8').matchAll(declared)].map((m) => m[1] ?? '');
      return [file, ...names].filter((name) => american.test(name.replace(/\.[^/]*$/, '')));
    });
    expect(offenders).toEqual([]);
  });

  it('keeps every function in src/ to 120 lines (generated code aside; a describe body is a list of tests)', () => {
    const suite = /^describe\b/;
    const offenders = files
      .filter((file) => file.startsWith(`src${sep}`) && !file.includes(join('otlp', 'generated')))
      .flatMap((file) => {
        const source = ts.createSourceFile(
          file,
          readFileSync(file, 'utf8'),
          ts.ScriptTarget.Latest,
          true,
        );
        const lineOf = (pos: number) => source.getLineAndCharacterOfPosition(pos).line;
        const long: string[] = [];
        const visit = (node: ts.Node) => {
          if (ts.isFunctionLike(node) && 'body' in node && node.body) {
            const lines = lineOf(node.end) - lineOf(node.getStart(source)) + 1;
            const call = ts.isCallExpression(node.parent) ? node.parent.expression : undefined;
            const isSuite = call !== undefined && suite.test(call.getText(source));
            if (lines > 120 && !isSuite) {
              long.push(`${file}:${lineOf(node.getStart(source)) + 1} (${lines} lines)`);
            }
          }
          ts.forEachChild(node, visit);
        };
        visit(source);
        return long;
      });
    expect(offenders).toEqual([]);
  });
});
