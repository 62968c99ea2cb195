import type { Deps } from '@/core/context';
import { runMonitoring } from './run-monitoring';
import { addDays, utcDay } from './utc-day';

/** Today and yesterday (UTC): yesterday's snapshot is finished after midnight. */
export async function runScheduledMonitoring(deps: Pick<Deps, 'db' | 'now' | 'newId' | 'queue'>) {
  const today = utcDay(deps.now());
  await runMonitoring(deps, { day: addDays(today, -1) });
  return runMonitoring(deps, { day: today });
}

/** The Node host's in-process schedule (the Worker uses a cron trigger instead). */
export function startMonitoringTimer(
  deps: Deps,
  options: {
    intervalMs?: number;
    firstRunMs?: number;
    /** Further scheduled work after each monitoring run (the host passes retention). */
    alsoRun?: (deps: Deps) => Promise<unknown>;
  } = {},
): { stop(): void } {
  let running = false;
  const tick = () => {
    if (running) {
      return;
    }
    running = true;
    runScheduledMonitoring(deps)
      .then(() => options.alsoRun?.(deps))
      .catch((error: unknown) => deps.log.error('monitoring run failed', { error: String(error) }))
      .finally(() => {
        running = false;
      });
  };
  const first = setTimeout(tick, options.firstRunMs ?? 5000);
  const every = setInterval(tick, options.intervalMs ?? 3_600_000);
  return {
    stop() {
      clearTimeout(first);
      clearInterval(every);
    },
  };
}
