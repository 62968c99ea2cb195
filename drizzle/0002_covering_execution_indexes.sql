DROP INDEX `eval_executions_workspace_eval_status_idx`;--> statement-breakpoint
DROP INDEX `eval_executions_workspace_trace_idx`;--> statement-breakpoint
CREATE INDEX `eval_executions_workspace_eval_status_idx` ON `eval_executions` (`workspace_id`,`eval_id`,`status`,`trace_id`);--> statement-breakpoint
CREATE INDEX `eval_executions_workspace_trace_idx` ON `eval_executions` (`workspace_id`,`trace_id`,`eval_id`,`status`);