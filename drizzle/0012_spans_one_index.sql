DROP INDEX `spans_workspace_trace_span_idx`;--> statement-breakpoint
DROP INDEX `spans_trace_started_idx`;--> statement-breakpoint
CREATE UNIQUE INDEX `spans_trace_span_idx` ON `spans` (`trace_id`,`span_id`);