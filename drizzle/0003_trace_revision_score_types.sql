ALTER TABLE `trace_scores` ADD `data_type` text;--> statement-breakpoint
ALTER TABLE `trace_scores` ADD `span_id` text;--> statement-breakpoint
ALTER TABLE `traces` ADD `revision` integer DEFAULT 0 NOT NULL;