import { z } from '@hono/zod-openapi';
import { createRouter } from '@/api/create-router';
import { IdParam, jsonBody, jsonResponse, pageOf } from '@/api/openapi-schemas';
import { routesFor } from '@/api/routes-for';
import { onePage } from '@/core/page';
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

const route = routesFor('Monitoring');

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
    route({
      method: 'get',
      path: '/alerts',
      summary: 'List alerts, newest first',
      request: { query: ListAlertsInput },
      responses: {
        200: jsonResponse(pageOf(AlertView), 'A page of alerts'),
      },
    }),
    async (c) => {
      const page = await listAlerts(c.var.ctx, c.req.valid('query'));
      return c.json({ data: page.data.map(toAlertView), nextCursor: page.nextCursor }, 200);
    },
  )
  .openapi(
    route({
      method: 'post',
      path: '/alerts/{id}/acknowledge',
      summary: 'Acknowledge an open alert (who and when)',
      request: { params: IdParam },
      responses: { 200: jsonResponse(AlertView, 'The alert') },
    }),
    async (c) =>
      c.json(await changeAlert(c.var.ctx, c.req.valid('param').id, acknowledgeAlert), 200),
  )
  .openapi(
    route({
      method: 'post',
      path: '/alerts/{id}/resolve',
      summary: 'Resolve an alert (who and when)',
      request: { params: IdParam },
      responses: { 200: jsonResponse(AlertView, 'The alert') },
    }),
    async (c) => c.json(await changeAlert(c.var.ctx, c.req.valid('param').id, resolveAlert), 200),
  )
  .openapi(
    route({
      method: 'get',
      path: '/evals/{id}/snapshots',
      summary: "An eval's daily monitoring snapshots, today so far counted live",
      request: { params: IdParam, query: SnapshotQuery },
      responses: {
        200: jsonResponse(pageOf(SnapshotView), 'Snapshots in day order'),
      },
    }),
    async (c) => {
      const evalRow = await getEvalOrThrow(c.var.ctx, c.req.valid('param').id);
      const rows = await listSnapshotsWithToday(c.var.ctx, {
        ...c.req.valid('query'),
        evalId: evalRow.id,
      });
      return c.json(onePage(rows.map(toSnapshotView)), 200);
    },
  )
  .openapi(
    route({
      method: 'get',
      path: '/evals/{id}/monitoring',
      summary: "An eval's alert thresholds and auto-refine",
      request: { params: IdParam },
      responses: { 200: jsonResponse(MonitoringSettingsView, 'Settings') },
    }),
    async (c) =>
      c.json(await getMonitoringSettings(c.var.ctx, { evalId: c.req.valid('param').id }), 200),
  )
  .openapi(
    route({
      method: 'put',
      path: '/evals/{id}/monitoring',
      summary: 'Change thresholds and auto-refine settings',
      request: { params: IdParam, body: jsonBody(UpdateMonitoringInput) },
      responses: { 200: jsonResponse(MonitoringSettingsView, 'Settings') },
    }),
    async (c) =>
      c.json(
        await updateMonitoringSettings(c.var.ctx, {
          evalId: c.req.valid('param').id,
          changes: c.req.valid('json'),
        }),
        200,
      ),
  );
