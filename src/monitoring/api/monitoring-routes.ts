import { z } from '@hono/zod-openapi';
import { createRouter } from '@/api/create-router';
import { pageOf } from '@/api/openapi-schemas';
import { ok, routesFor } from '@/api/routes-for';
import { mapPage } from '@/core/page';
import { getEvalOrThrow } from '@/evals/internal';
import { getMonitoringSettings } from '../get-monitoring-settings';
import { ListAlertsInput, listAlerts } from '../list-alerts';
import { listSnapshotsWithToday } from '../list-snapshots-today';
import { acknowledgeAlert, resolveAlert } from '../update-alert-status';
import { UpdateMonitoringInput, updateMonitoringSettings } from '../update-monitoring-settings';
import {
  AlertView,
  MonitoringSettingsView,
  SnapshotView,
  toAlertView,
  toSnapshotView,
} from './monitoring-views';

const { get, list, post, put } = routesFor('Monitoring');

const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a UTC day YYYY-MM-DD')
  .openapi({ example: '2026-11-01' });
const SnapshotQuery = z.strictObject({
  from: Day.optional().openapi({ description: 'first day (inclusive)' }),
  to: Day.optional().openapi({ description: 'last day (inclusive)' }),
});

/** Acknowledge or resolve, answering the alert with its eval's name. */
async function changeAlert(
  ctx: Parameters<typeof acknowledgeAlert>[0],
  alertId: string,
  change: typeof acknowledgeAlert,
) {
  const row = await change(ctx, { alertId });
  const evalRow = await getEvalOrThrow(ctx, row.evalId);
  return toAlertView({
    ...row,
    evalName: evalRow.name,
    evalVersion: evalRow.version,
    agentId: evalRow.agentId,
  });
}

export const monitoringRoutes = createRouter()
  .openapi(
    ...get(
      '/alerts',
      'List alerts, newest first',
      { query: ListAlertsInput },
      ok(pageOf(AlertView), 'A page of alerts'),
      async (ctx, input) => mapPage(await listAlerts(ctx, input), toAlertView),
    ),
  )
  .openapi(
    ...post(
      '/alerts/{id}/acknowledge',
      'Acknowledge an open alert (who and when)',
      {},
      ok(AlertView, 'The alert'),
      (ctx, { id }) => changeAlert(ctx, id, acknowledgeAlert),
    ),
  )
  .openapi(
    ...post(
      '/alerts/{id}/resolve',
      'Resolve an alert (who and when)',
      {},
      ok(AlertView, 'The alert'),
      (ctx, { id }) => changeAlert(ctx, id, resolveAlert),
    ),
  )
  .openapi(
    ...list(
      '/evals/{id}/snapshots',
      "An eval's daily monitoring snapshots, today so far counted live",
      { query: SnapshotQuery },
      SnapshotView,
      'Snapshots in day order',
      async (ctx, { id, ...query }) => {
        const evalRow = await getEvalOrThrow(ctx, id);
        const rows = await listSnapshotsWithToday(ctx, {
          ...query,
          evalId: evalRow.id,
        });
        return rows.map(toSnapshotView);
      },
    ),
  )
  .openapi(
    ...get(
      '/evals/{id}/monitoring',
      "An eval's alert thresholds and auto-refine",
      {},
      ok(MonitoringSettingsView, 'Settings'),
      (ctx, { id }) => getMonitoringSettings(ctx, { evalId: id }),
    ),
  )
  .openapi(
    ...put(
      '/evals/{id}/monitoring',
      'Change thresholds and auto-refine settings',
      { json: UpdateMonitoringInput },
      ok(MonitoringSettingsView, 'Settings'),
      (ctx, { id, ...body }) =>
        updateMonitoringSettings(ctx, {
          evalId: id,
          changes: body,
        }),
    ),
  );
