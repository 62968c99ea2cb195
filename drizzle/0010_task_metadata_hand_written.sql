PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_task_metadata` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`trace_id` text,
	`agent_id` text,
	`first_user_message` text,
	`user_turns` text DEFAULT '[]' NOT NULL,
	`scenario` text,
	`variables` text DEFAULT '{}' NOT NULL,
	`expected_output` text,
	`expected_actions` text,
	`success_criteria` text DEFAULT '[]' NOT NULL,
	`difficulty` text,
	`domain` text,
	`kind` text NOT NULL,
	`cluster_id` text,
	`content_hash` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`trace_id`) REFERENCES `traces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
INSERT INTO `__new_task_metadata`("id", "workspace_id", "trace_id", "agent_id", "first_user_message", "user_turns", "scenario", "variables", "expected_output", "expected_actions", "success_criteria", "difficulty", "domain", "kind", "cluster_id", "content_hash", "created_at", "updated_at") SELECT "id", "workspace_id", "trace_id", "agent_id", "first_user_message", "user_turns", "scenario", "variables", "expected_output", "expected_actions", "success_criteria", "difficulty", "domain", "kind", "cluster_id", "content_hash", "created_at", "updated_at" FROM `task_metadata`;--> statement-breakpoint
DROP TABLE `task_metadata`;--> statement-breakpoint
ALTER TABLE `__new_task_metadata` RENAME TO `task_metadata`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `task_metadata_trace_idx` ON `task_metadata` (`trace_id`);--> statement-breakpoint
CREATE INDEX `task_metadata_workspace_agent_hash_idx` ON `task_metadata` (`workspace_id`,`agent_id`,`content_hash`);--> statement-breakpoint
CREATE INDEX `task_metadata_workspace_agent_idx` ON `task_metadata` (`workspace_id`,`agent_id`);--> statement-breakpoint
CREATE INDEX `task_metadata_workspace_cluster_idx` ON `task_metadata` (`workspace_id`,`cluster_id`);