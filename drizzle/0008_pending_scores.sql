CREATE TABLE `pending_scores` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`source` text NOT NULL,
	`trace_external_id` text NOT NULL,
	`score` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `pending_scores_workspace_trace_idx` ON `pending_scores` (`workspace_id`,`trace_external_id`);