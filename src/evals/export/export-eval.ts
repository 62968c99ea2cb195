import type { Ctx } from '@/core/context';
import { getEvalOrThrow, loadLabelledTraces } from '../internal';

export type ExportedFile = { path: string; content: string };

/**
 * An eval version as a standalone Python module, a pytest file, and the labelled traces it runs
 * on (positive = should pass, negative = should fail); runnable outside iofold.
 */
export async function exportEval(ctx: Ctx, evalId: string): Promise<{ files: ExportedFile[] }> {
  const version = await getEvalOrThrow(ctx, evalId);
  const labelled = (await loadLabelledTraces(ctx, version.agentId)).filter(
    (t) => t.label !== 'neutral',
  );
  const module = version.name;
  const header = [
    `# ${version.name} v${version.version}, exported from iofold (${version.generator}).`,
    '# Contract: takes the iofold trace dict, returns (passed, reason).',
    '',
  ].join('\n');
  const cases = labelled.map((t) => ({
    trace_id: t.id,
    expected_pass: t.label === 'positive',
    trace: t.view,
  }));
  const test = `import json
import pathlib

import pytest

from ${module} import ${version.name}

CASES = json.loads(pathlib.Path(__file__).with_name("${module}_cases.json").read_text())


@pytest.mark.parametrize("case", CASES, ids=[c["trace_id"] for c in CASES])
def test_agrees_with_human_label(case):
    passed, reason = ${version.name}(case["trace"])
    assert isinstance(passed, bool)
    assert isinstance(reason, str)
    assert passed == case["expected_pass"], reason
`;
  return {
    files: [
      { path: `${module}.py`, content: `${header}${version.code.trimEnd()}\n` },
      { path: `test_${module}.py`, content: test },
      { path: `${module}_cases.json`, content: `${JSON.stringify(cases, null, 1)}\n` },
    ],
  };
}
