import { describe, expect, it } from 'vitest';
import { CODING_CRITERIA } from '../../bench/quality/coding/coding-criteria';
import { generateCodingRuns } from '../../bench/quality/coding/generate-coding-runs';
import { isStructural } from '../../bench/quality/criterion';
import { TAU_CRITERIA } from '../../bench/quality/tau/tau-criteria';
import { loadTauRuns } from '../../bench/quality/tau/tau-data';
import { tauViews } from '../../bench/quality/tau/tau-views';

const all = [...TAU_CRITERIA, ...CODING_CRITERIA];
const tau = loadTauRuns();
const label = (id: string) => TAU_CRITERIA.find((c) => c.id === id)!.label;

describe('bench:quality criteria', () => {
  it('are at least 24, with 12 pattern/conjunction/ordering and 2 real-outcome ones per the issue', () => {
    expect(all.length).toBeGreaterThanOrEqual(24);
    expect(new Set(all.map((c) => c.id)).size).toBe(all.length);
    expect(all.filter((c) => isStructural(c.kind)).length).toBeGreaterThanOrEqual(12);
    expect(all.filter((c) => c.kind === 'outcome').length).toBeGreaterThanOrEqual(2);
    expect(all.filter((c) => c.kind === 'single').length).toBeGreaterThanOrEqual(6);
    for (const c of all) {
      expect(c.says.length).toBeGreaterThan(20);
    }
  });

  it('are never constant on the generated coding runs', () => {
    const runs = generateCodingRuns({ seed: 1 });
    for (const c of CODING_CRITERIA) {
      const passes = runs.filter(c.label).length;
      expect({ id: c.id, varies: passes > 0 && passes < runs.length }).toEqual({
        id: c.id,
        varies: true,
      });
    }
  });

  describe.skipIf(!tau)(
    'on the tau-bench runs (skipped: ../shared/data/tau-bench is absent)',
    () => {
      const runs = tau ?? [];
      const run = (task: number, trial: number) =>
        runs.find((r) => r.task_id === task && r.trial === trial)!;

      it('are never constant', () => {
        for (const c of TAU_CRITERIA) {
          const passes = runs.filter(c.label).length;
          expect({ id: c.id, varies: passes > 0 && passes < runs.length }).toEqual({
            id: c.id,
            varies: true,
          });
        }
      });

      it('label hand-checked runs as a support lead would', () => {
        // Task 3 trial 0: moved flights after "I want to use the gift card…", no explicit yes.
        expect(label('tau_confirmed_before_change')(run(3, 0))).toBe(false);
        // …and it looked up seven reservations before finding the right one.
        expect(label('tau_profile_first')(run(3, 0))).toBe(true);
        // Task 25 trial 0: cancelled an old economy reservation without insurance.
        expect(label('tau_cancelled_only_when_allowed')(run(25, 0))).toBe(false);
        // Task 15 trial 0: paid with a card without ever opening the customer's profile.
        expect(label('tau_paid_from_profile')(run(15, 0))).toBe(false);
        expect(label('tau_task_solved')(run(0, 0))).toBe(false);
      });

      it("import without the reward or the task's hidden information", () => {
        const views = tauViews(runs);
        expect(views).toHaveLength(200);
        for (const v of views) {
          expect(v.metadata.reward).toBeUndefined();
          expect(v.metadata.info).toBeUndefined();
        }
        expect(JSON.stringify(views)).not.toContain('"r_actions"');
        expect(JSON.stringify(views)).not.toContain(runs[0]!.info.task.instruction.slice(0, 60));
      });
    },
  );
});
