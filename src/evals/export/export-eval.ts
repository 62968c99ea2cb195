import { eq } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { selectInWorkspace } from '@/db/in-workspace';
import { evalExecutions } from '@/db/schema';
import { getEvalOrThrow, loadLabelledTraces } from '../internal';
import { cachedAnswers, modelParameterCode, replayCode } from './export-bridge';

export type ExportedFile = { path: string; content: string };

/**
 * An eval version as a standalone Python module, a pytest file, and the labelled traces it runs
 * on (positive = should pass, negative = should fail); runnable outside iofold. Cases where the
 * version's stored verdict disagrees with the label (or it raised) are known disagreements: the
 * pytest file marks them xfail with the eval's reason, so it is green out of the box and still
 * shows each one (XPASS when a change makes it agree). An eval that asks a model exports a
 * module taking its model as a parameter (`use_model(judge=...)`), and the pytest file replays the
 * workspace's cached answers (`<name>_answers.json`).
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
  const verdicts = await storedVerdicts(ctx, version.id);
  const cases = labelled.map((t) => {
    const expected = t.label === 'positive';
    const verdict = verdicts.get(t.id);
    const disagrees =
      verdict && (verdict.status === 'error' || (verdict.status === 'pass') !== expected);
    return {
      trace_id: t.id,
      expected_pass: expected,
      ...(disagrees
        ? {
            known_disagreement:
              `iofold judged it ${verdict.status} while the label says ${t.label}: ${verdict.reason}`.slice(
                0,
                300,
              ),
          }
        : {}),
      trace: t.view,
    };
  });
  const bridge = await cachedAnswers(ctx, version, labelled);
  const test = `import json
import pathlib

import pytest

from ${module} import ${version.name}
${bridge ? replayCode(module) : ''}
CASES = json.loads(pathlib.Path(__file__).with_name("${module}_cases.json").read_text())


def _param(case):
    """A known disagreement (iofold's stored verdict differs from the label) is an expected failure."""
    reason = case.get("known_disagreement")
    marks = [pytest.mark.xfail(reason=reason, strict=False)] if reason else []
    return pytest.param(case, id=case["trace_id"], marks=marks)


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_agrees_with_human_label(case):
    passed, reason = ${version.name}(case["trace"])
    assert isinstance(passed, bool)
    assert isinstance(reason, str)
    assert passed == case["expected_pass"], reason
`;
  const model = bridge ? modelParameterCode(bridge.model) : '';
  const files = [
    { path: `${module}.py`, content: `${header}${model}${version.code.trimEnd()}\n` },
    { path: `test_${module}.py`, content: test },
    { path: `${module}_cases.json`, content: `${JSON.stringify(cases, null, 1)}\n` },
  ];
  if (bridge) {
    files.push({
      path: `${module}_answers.json`,
      content: `${JSON.stringify(bridge.answers, null, 1)}\n`,
    });
  }
  return { files };
}

async function storedVerdicts(ctx: Ctx, evalId: string) {
  const rows = await selectInWorkspace(
    ctx,
    evalExecutions,
    {
      traceId: evalExecutions.traceId,
      status: evalExecutions.status,
      reason: evalExecutions.reason,
    },
    [eq(evalExecutions.evalId, evalId)],
  );
  return new Map(rows.map((r) => [r.traceId, r]));
}
