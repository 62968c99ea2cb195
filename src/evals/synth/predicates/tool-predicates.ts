import { aOrAn } from '@/core/a-or-an';
import type { MiningExample, Predicate } from '../predicate';
import { countCalls, describeGroup, groupKey, groupPython, type ToolGroup } from '../tool-groups';
import { thresholds } from './shape-predicates';

const GROUP_COST: Record<ToolGroup['kind'], number> = {
  name: 1,
  prefix: 1.5,
  write: 1.5,
  destructive: 1.5,
  handoff: 1.5,
};

/** Which tools ran and how often. */
export function mineToolPredicates(examples: MiningExample[], groups: ToolGroup[]): Predicate[] {
  const out: Predicate[] = [];
  for (const group of groups) {
    const label = describeGroup(group);
    const count = `_count_calls(f, ${groupPython(group).slice(1, -1)})`;
    out.push({
      id: `called:${groupKey(group)}`,
      family: 'tool-called',
      cost: GROUP_COST[group.kind],
      test: (f) => countCalls(f, group) > 0,
      python: `${count} > 0`,
      helpers: ['_count_calls'],
      groups: [group],
      whenTrue: `${aOrAn(`${label} tool`)} was called`,
      whenFalse: `no ${label} tool was called`,
    });
    const cuts = thresholds(examples.map((e) => countCalls(e.facts, group))).filter((k) => k >= 2);
    for (const k of cuts) {
      out.push({
        id: `count:${groupKey(group)}>=${k}`,
        family: 'tool-count',
        cost: GROUP_COST[group.kind] + 1,
        test: (f) => countCalls(f, group) >= k,
        python: `${count} >= ${k}`,
        helpers: ['_count_calls'],
        groups: [group],
        whenTrue: `${label} tools were called ${k} or more times`,
        whenFalse: `${label} tools were called fewer than ${k} times`,
      });
    }
  }
  return out;
}
