DROP INDEX `tasksets_workspace_agent_name_idx`;--> statement-breakpoint
ALTER TABLE `tasksets` ADD `family_id` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `tasksets` ADD `version` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `tasksets` ADD `parent_id` text;--> statement-breakpoint
ALTER TABLE `tasksets` ADD `split_seed` integer;--> statement-breakpoint
ALTER TABLE `tasksets` ADD `frozen_at` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `tasksets_workspace_agent_name_version_idx` ON `tasksets` (`workspace_id`,`agent_id`,`name`,`version`);--> statement-breakpoint
CREATE INDEX `tasksets_workspace_family_version_idx` ON `tasksets` (`workspace_id`,`family_id`,`version`);--> statement-breakpoint
ALTER TABLE `taskset_tasks` ADD `position` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `trace_summaries` ADD `indexed_at` integer;--> statement-breakpoint
CREATE INDEX `trace_summaries_workspace_unindexed_idx` ON `trace_summaries` (`workspace_id`,`trace_id`) WHERE "trace_summaries"."indexed_at" is null;